package dev.parley.server;

import dev.parley.server.internal.grpc.GrpcTarget;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * What every role client's builder shares: where to connect (an address the client owns a channel
 * to, plaintext or TLS, or the caller's channel) and the deadline of each call, each checked in its setter. Self-typed
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
  private TlsSettings tls;

  GrpcClientBuilder(Duration defaultDeadline) {
    this.deadline = defaultDeadline;
  }

  abstract B self();

  /** Connect to {@code host:port} over a channel the client owns: plaintext, or TLS with {@link #tls}. */
  public B address(String host, int port) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = BuilderChecks.port(port);
    return self();
  }

  /** Use the caller's channel (its own security settings); the caller closes it. */
  public B channel(ManagedChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    return self();
  }

  /** Deadline of every call; default 3 s for status, 15 s for verify (issuing includes an SMTP hand-over). */
  public B deadline(Duration deadline) {
    this.deadline = BuilderChecks.positive("deadline", deadline);
    return self();
  }

  /**
   * TLS for the channel made from {@link #address}. For a client the same settings type reads:
   * {@link TlsSettings#trustedCertificates()} (required) is the CA the server's certificate is
   * checked against, and the server's name is checked against the address's host (hostname
   * verification is always on); {@link TlsSettings#certificateChain()} and
   * {@link TlsSettings#privateKey()} are this client's own certificate, presented when the server
   * asks for one (mutual TLS). A cluster member passes the one settings object it also serves with.
   * Client auth and the reload interval do not apply to a client; the files are read once, at build.
   */
  public B tls(TlsSettings tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    return self();
  }

  /**
   * The target to call {@code role} through; IllegalStateException unless exactly one of address
   * and channel is set, when TLS is set with a channel, or when the TLS files do not load.
   */
  GrpcTarget target(String role) {
    if ((host == null) == (channel == null)) {
      throw new IllegalStateException("set exactly one of address(host, port) and channel(channel)");
    }
    if (channel != null && tls != null) {
      throw new IllegalStateException("tls applies to address(host, port); a channel(channel) brings its own");
    }
    return channel != null ? GrpcTarget.forChannel(role, channel, deadline)
        : GrpcTarget.forAddress(role, host, port, deadline, tls);
  }
}
