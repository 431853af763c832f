package dev.parley.server.internal.grpc;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodeMail;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.service.CodeIssuer;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * The verify service: {@code IssueCode} delegates to a {@link CodeIssuer} (normally a
 * {@link dev.parley.core.service.VerificationService}). Thread-safe when the issuer is; calls run
 * on the server's bounded executor because issuing blocks on the code store and on SMTP.
 */
public final class VerifyGrpcService extends VerifyServiceGrpc.VerifyServiceImplBase {
  private final CodeIssuer issuer;

  /** Serves {@code issuer}. */
  public VerifyGrpcService(CodeIssuer issuer) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  @Override
  public void issueCode(IssueCodeRequest request, StreamObserver<IssueCodeResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      issuer.issue(request.getEmail(), toPurpose(request.getPurpose()), toMail(request.getMail()));
      return IssueCodeResponse.getDefaultInstance();
    });
  }

  /** The wire enum for a purpose. */
  public static IssueCodeRequest.Purpose toWire(CodePurpose purpose) {
    return switch (purpose) {
      case REGISTER -> IssueCodeRequest.Purpose.REGISTER;
      case RESET_PASSWORD -> IssueCodeRequest.Purpose.RESET_PASSWORD;
    };
  }

  /** The wire enum for a mail kind. */
  public static IssueCodeRequest.Mail toWire(CodeMail mail) {
    return switch (mail) {
      case CODE -> IssueCodeRequest.Mail.CODE;
      case ACCOUNT_EXISTS -> IssueCodeRequest.Mail.ACCOUNT_EXISTS;
      case NO_ACCOUNT -> IssueCodeRequest.Mail.NO_ACCOUNT;
    };
  }

  static CodeMail toMail(IssueCodeRequest.Mail mail) {
    return switch (mail) {
      case CODE -> CodeMail.CODE;
      case ACCOUNT_EXISTS -> CodeMail.ACCOUNT_EXISTS;
      case NO_ACCOUNT -> CodeMail.NO_ACCOUNT;
      case UNRECOGNIZED -> throw new ChatException(ErrorCode.BAD_REQUEST, "unknown mail kind " + mail);
    };
  }

  static CodePurpose toPurpose(IssueCodeRequest.Purpose purpose) {
    return switch (purpose) {
      case REGISTER -> CodePurpose.REGISTER;
      case RESET_PASSWORD -> CodePurpose.RESET_PASSWORD;
      case PURPOSE_UNSPECIFIED, UNRECOGNIZED ->
          throw new ChatException(ErrorCode.BAD_REQUEST, "purpose must be REGISTER or RESET_PASSWORD, was " + purpose);
    };
  }
}
