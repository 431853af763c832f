package dev.parley.server;

import dev.parley.core.ChatException;
import dev.parley.core.model.CodeMail;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.service.CodeIssuer;
import dev.parley.server.internal.grpc.GrpcCalls;
import dev.parley.server.internal.grpc.GrpcTarget;
import dev.parley.server.internal.grpc.IssueCodeRequest;
import dev.parley.server.internal.grpc.VerifyGrpcService;
import dev.parley.server.internal.grpc.VerifyServiceGrpc;
import java.time.Duration;
import java.util.Objects;

/**
 * The verify role as a gate in a cluster sees it: a {@link CodeIssuer} whose {@link #issue(String, CodePurpose, CodeMail)} is a
 * gRPC call to a {@link VerifyServer}. A {@code RATE_LIMITED} answer keeps its retry-after across
 * the hop; an unreachable server is {@code UNAVAILABLE}, reported as soon as the connection fails
 * and never later than the deadline ({@link Builder#deadline}, default 15 s, as issuing waits on SMTP).
 *
 * <p>Thread-safe; share one instance. {@link #close()} shuts down the channel it made from an
 * address, and leaves a channel passed with {@link Builder#channel} to its owner.
 */
public final class VerifyClient implements CodeIssuer, AutoCloseable {
  private final GrpcTarget target;
  private final VerifyServiceGrpc.VerifyServiceBlockingStub stub;

  private VerifyClient(GrpcTarget target) {
    this.target = target;
    this.stub = VerifyServiceGrpc.newBlockingStub(target.channel());
  }

  /** A builder; set exactly one of an address and a channel. */
  public static Builder builder() {
    return new Builder();
  }

  /** A client with its own plaintext channel to {@code host:port} and the default deadline. */
  public static VerifyClient forAddress(String host, int port) {
    return builder().address(host, port).build();
  }

  /**
   * @throws ChatException the verify role's own error ({@code RATE_LIMITED} with retry-after,
   *     {@code INVALID_EMAIL}, {@code UNAVAILABLE} when mail failed) or {@code UNAVAILABLE} when it
   *     could not be reached
   */
  @Override
  public void issue(String email, CodePurpose purpose, CodeMail mail) {
    IssueCodeRequest request = IssueCodeRequest.newBuilder()
        .setEmail(Objects.requireNonNull(email, "email"))
        .setPurpose(VerifyGrpcService.toWire(Objects.requireNonNull(purpose, "purpose")))
        .setMail(VerifyGrpcService.toWire(Objects.requireNonNull(mail, "mail")))
        .build();
    GrpcCalls.call(target.peer(), () -> target.withDeadline(stub).issueCode(request));
  }

  /** Closes the channel if this client made it. */
  @Override
  public void close() {
    target.close();
  }

  /** Builds a {@link VerifyClient} from an address or a channel. Not thread-safe. */
  public static final class Builder extends GrpcClientBuilder<Builder> {
    private Builder() {
      super(Duration.ofSeconds(15));
    }

    @Override
    Builder self() {
      return this;
    }

    /** The client; IllegalStateException unless exactly one of address and channel is set. */
    public VerifyClient build() {
      return new VerifyClient(target("verify"));
    }
  }
}
