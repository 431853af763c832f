package dev.parley.server;

import dev.parley.core.service.CodeIssuer;
import dev.parley.server.internal.grpc.GrpcServerHost;
import dev.parley.server.internal.grpc.VerifyGrpcService;
import java.time.Duration;
import java.util.Objects;

/**
 * The verify role over gRPC: {@code IssueCode(email, purpose)} makes, stores and mails a
 * verification code by delegating to a {@link CodeIssuer}, normally a
 * {@link dev.parley.core.service.VerificationService}. Gates reach it with a {@link VerifyClient}.
 *
 * <pre>{@code
 * VerifyServer verify = VerifyServer.builder().port(7200)
 *     .codeIssuer(new VerificationService(codes, smtpSender)).build().start();
 * }</pre>
 *
 * <p>Thread-safe. Configuration is fixed at {@link Builder#build()}; a server starts once and
 * {@link #stop()} is idempotent.
 */
public final class VerifyServer implements AutoCloseable {
  private final String bindHost;
  private final int bindPort;
  private final int threads;
  private final int maxCallsPerConnection;
  private final Duration shutdownGrace;
  private final VerifyGrpcService service;
  private GrpcServerHost host;
  private boolean stopped;

  private VerifyServer(Builder b) {
    this.bindHost = b.host;
    this.bindPort = b.port;
    this.threads = b.threads;
    this.maxCallsPerConnection = b.maxCallsPerConnection;
    this.shutdownGrace = b.shutdownGrace;
    this.service = new VerifyGrpcService(b.codeIssuer);
  }

  /** A builder with the defaults; the code issuer is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; throws {@link java.io.UncheckedIOException} when the port is taken. */
  public synchronized VerifyServer start() {
    if (host != null || stopped) {
      throw new IllegalStateException("verify server already started");
    }
    host = GrpcServerHost.start("verify", bindHost, bindPort, threads, maxCallsPerConnection, service);
    return this;
  }

  /** The bound port (useful with port 0). */
  public synchronized int port() {
    if (host == null) {
      throw new IllegalStateException("verify server not started");
    }
    return host.port();
  }

  /** Stops serving, letting running calls finish for the shutdown grace period. */
  public synchronized void stop() {
    if (host != null && !stopped) {
      host.stop(shutdownGrace);
    }
    stopped = true;
  }

  @Override
  public void close() {
    stop();
  }

  /** Builds a {@link VerifyServer}. Not thread-safe; each setter checks its own argument. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port;
    private CodeIssuer codeIssuer;
    private int threads = 4;
    private int maxCallsPerConnection = 64;
    private Duration shutdownGrace = Duration.ofSeconds(5);

    private Builder() {}

    /** Address to bind; default all interfaces. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port to bind; 0 (the default) picks a free one, see {@link VerifyServer#port()}. */
    public Builder port(int port) {
      this.port = BuilderChecks.port(port);
      return this;
    }

    /** Required: what makes, stores and mails the codes (normally a VerificationService). */
    public Builder codeIssuer(CodeIssuer codeIssuer) {
      this.codeIssuer = Objects.requireNonNull(codeIssuer, "codeIssuer");
      return this;
    }

    /** Threads running calls, each of which may wait on SMTP; default 4. */
    public Builder threads(int threads) {
      this.threads = BuilderChecks.positive("threads", threads);
      return this;
    }

    /** Concurrent calls one peer may have in flight (HTTP/2 MAX_CONCURRENT_STREAMS); default 64. */
    public Builder maxCallsPerConnection(int max) {
      this.maxCallsPerConnection = BuilderChecks.positive("maxCallsPerConnection", max);
      return this;
    }

    /** How long {@link VerifyServer#stop()} waits for running calls; default 5 s. */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = BuilderChecks.nonNegative("shutdownGrace", grace);
      return this;
    }

    /** A server with this configuration, not yet started; IllegalStateException without a code issuer. */
    public VerifyServer build() {
      if (codeIssuer == null) {
        throw new IllegalStateException("codeIssuer is required");
      }
      return new VerifyServer(this);
    }
  }
}
