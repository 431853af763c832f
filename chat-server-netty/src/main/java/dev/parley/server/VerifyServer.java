package dev.parley.server;

import dev.parley.core.service.CodeIssuer;
import dev.parley.server.internal.grpc.GrpcRoleServer;
import dev.parley.server.internal.grpc.VerifyGrpcService;
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
  private final GrpcRoleServer server;

  private VerifyServer(Builder b) {
    this.server = b.newServer("verify", new VerifyGrpcService(b.codeIssuer));
  }

  /** A builder with the defaults; the code issuer is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; throws {@link java.io.UncheckedIOException} when the port is taken. */
  public VerifyServer start() {
    server.start();
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.port();
  }

  /** Stops serving, letting running calls finish for the shutdown grace period. */
  public void stop() {
    server.stop();
  }

  @Override
  public void close() {
    stop();
  }

  /** Builds a {@link VerifyServer}. Not thread-safe; each setter checks its own argument. */
  public static final class Builder extends GrpcServerBuilder<Builder> {
    private CodeIssuer codeIssuer;

    private Builder() {
      super(64);
    }

    @Override
    Builder self() {
      return this;
    }

    /** Required: what makes, stores and mails the codes (normally a VerificationService). */
    public Builder codeIssuer(CodeIssuer codeIssuer) {
      this.codeIssuer = Objects.requireNonNull(codeIssuer, "codeIssuer");
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
