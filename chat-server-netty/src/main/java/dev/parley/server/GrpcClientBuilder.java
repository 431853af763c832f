package dev.parley.server;

import dev.parley.server.internal.grpc.GrpcTarget;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * What every role client's builder shares: where to connect (an address the client owns a channel
 * to, or the caller's channel) and the deadline of each call, each checked in its setter. Self-typed
 * so the setters return the concrete builder; {@link StatusClient.Builder} and
 * {@link VerifyClient.Builder} extend it.
 *
 * <p>Not thread-safe.
 */
abstract class GrpcClientBuilder<B extends GrpcClientBuilder<B>> {
  private String host;
  private int port;
  private ManagedChannel channel;
  private Duration deadline;

  GrpcClientBuilder(Duration defaultDeadline) {
    this.deadline = defaultDeadline;
  }

  abstract B self();

  /** Connect to {@code host:port} over a plaintext channel the client owns. */
  public B address(String host, int port) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = BuilderChecks.port(port);
    return self();
  }

  /** Use the caller's channel (e.g. one with TLS); the caller closes it. */
  public B channel(ManagedChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    return self();
  }

  /** Deadline of every call; default 3 s for status, 15 s for verify (issuing includes an SMTP hand-over). */
  public B deadline(Duration deadline) {
    this.deadline = BuilderChecks.positive("deadline", deadline);
    return self();
  }

  /** The target to call {@code role} through; IllegalStateException unless exactly one of address and channel is set. */
  GrpcTarget target(String role) {
    if ((host == null) == (channel == null)) {
      throw new IllegalStateException("set exactly one of address(host, port) and channel(channel)");
    }
    return channel != null ? GrpcTarget.forChannel(role, channel, deadline)
        : GrpcTarget.forAddress(role, host, port, deadline);
  }
}
