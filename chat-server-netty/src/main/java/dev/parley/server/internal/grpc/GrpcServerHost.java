package dev.parley.server.internal.grpc;

import dev.parley.netty.internal.DaemonThreads;
import dev.parley.server.TlsSettings;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One running gRPC server for an internal role (status, verify): on {@code host:port}, plaintext or
 * with TLS ({@link GrpcTls}; mutual TLS when the settings require client certificates), service
 * calls on a fixed pool of {@code threads} worker threads.
 *
 * <p>Why a queueing pool and not a rejecting one: grpc-java cannot handle an executor that throws
 * RejectedExecutionException (the stream is broken, grpc-java issue 636). Work is bounded instead
 * by HTTP/2 MAX_CONCURRENT_STREAMS ({@code maxCallsPerConnection}) times the number of peers,
 * which for an internal role is the cluster's size. Thread-safe; {@link #stop} is idempotent.
 */
public final class GrpcServerHost {
  private final Server server;
  private final ExecutorService executor;

  private GrpcServerHost(Server server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts; {@code tls} null: plaintext. Throws {@link UncheckedIOException} when the
   * address cannot be bound, IllegalStateException when the TLS files do not load.
   */
  public static GrpcServerHost start(String role, String host, int port, int threads, int maxCallsPerConnection,
      TlsSettings tls, BindableService service) {
    NettyServerBuilder builder = GrpcTls.secure(NettyServerBuilder.forAddress(new InetSocketAddress(host, port)),
        tls, role);
    ExecutorService executor = Executors.newFixedThreadPool(threads, DaemonThreads.named("parley-" + role + "-grpc-"));
    Server server = builder.executor(executor)
        .maxConcurrentCallsPerConnection(maxCallsPerConnection)
        .addService(service)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(role + " gRPC server could not bind " + host + ":" + port, e);
    }
    return new GrpcServerHost(server, executor);
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting calls, lets running ones finish for up to {@code grace}, then cancels the rest. */
  public void stop(Duration grace) {
    server.shutdown();
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow().awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
    }
  }
}
