package dev.parley.server.internal.grpc;

import dev.parley.server.TlsSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The remote end of an internal gRPC client: a channel (owned, when the client made it from an
 * address, or borrowed from the caller), a name for error messages and the deadline every call
 * gets. Thread-safe; {@link #close} is idempotent and leaves a borrowed channel open.
 */
public final class GrpcTarget implements AutoCloseable {
  private final ManagedChannel channel;
  private final boolean owned;
  private final String peer;
  private final Duration deadline;

  private GrpcTarget(ManagedChannel channel, boolean owned, String peer, Duration deadline) {
    this.channel = channel;
    this.owned = owned;
    this.peer = peer;
    this.deadline = deadline;
  }

  /**
   * A channel to {@code host:port} that this target owns and closes: plaintext when {@code tls} is
   * null, else TLS ({@link GrpcTls#clientContext}: the server's certificate checked against the
   * trusted certificates and {@code host}, the settings' certificate presented when asked for).
   */
  public static GrpcTarget forAddress(String role, String host, int port, Duration deadline, TlsSettings tls) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port);
    if (tls == null) {
      builder.usePlaintext();
    } else {
      builder.sslContext(GrpcTls.clientContext(tls, role + " at " + host + ":" + port));
    }
    String scheme = tls == null ? "" : " (TLS)";
    ManagedChannel channel = builder.build();
    // Connect now, so the first call's deadline does not also pay for the connection and, with
    // TLS, the handshake (a fresh JVM on a loaded machine took over 2.6 s for it). Nothing waits.
    channel.getState(true);
    return new GrpcTarget(channel, true, role + " service at " + host + ":" + port + scheme, deadline);
  }

  /** Uses the caller's channel; the caller keeps ownership and closes it. */
  public static GrpcTarget forChannel(String role, ManagedChannel channel, Duration deadline) {
    Objects.requireNonNull(channel, "channel");
    return new GrpcTarget(channel, false, role + " service at " + channel.authority(), deadline);
  }

  /** The channel calls go over. */
  public ManagedChannel channel() {
    return channel;
  }

  /** "status service at host:port", for error messages. */
  public String peer() {
    return peer;
  }

  /** {@code stub} with this target's deadline, counted from now: call it once per call. */
  public <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    if (!owned) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
