package dev.parley.server.internal.grpc;

import dev.parley.server.TlsSettings;
import io.grpc.BindableService;
import java.time.Duration;

/**
 * The start/port/stop life of an internal role's gRPC server (status, verify), shared by
 * {@code StatusServer} and {@code VerifyServer}: it starts once, reports its bound port while
 * running, and stops idempotently, letting running calls finish for the shutdown grace.
 *
 * <p>Thread-safe (every method is synchronized).
 */
public final class GrpcRoleServer {
  private final String role;
  private final String bindHost;
  private final int bindPort;
  private final int threads;
  private final int maxCallsPerConnection;
  private final Duration shutdownGrace;
  private final TlsSettings tls;
  private final BindableService service;
  private GrpcServerHost host;
  private boolean stopped;

  /** {@code tls} null: plaintext. */
  public GrpcRoleServer(String role, String bindHost, int bindPort, int threads, int maxCallsPerConnection,
      Duration shutdownGrace, TlsSettings tls, BindableService service) {
    this.role = role;
    this.bindHost = bindHost;
    this.bindPort = bindPort;
    this.threads = threads;
    this.maxCallsPerConnection = maxCallsPerConnection;
    this.shutdownGrace = shutdownGrace;
    this.tls = tls;
    this.service = service;
  }

  /** Binds and starts serving; IllegalStateException when already started or stopped. */
  public synchronized void start() {
    if (host != null || stopped) {
      throw new IllegalStateException(role + " server already started");
    }
    host = GrpcServerHost.start(role, bindHost, bindPort, threads, maxCallsPerConnection, tls, service);
  }

  /** The bound port; IllegalStateException before start. */
  public synchronized int port() {
    if (host == null) {
      throw new IllegalStateException(role + " server not started");
    }
    return host.port();
  }

  /** Stops serving, letting running calls finish for the shutdown grace. Idempotent. */
  public synchronized void stop() {
    if (host != null && !stopped) {
      host.stop(shutdownGrace);
    }
    stopped = true;
  }
}
