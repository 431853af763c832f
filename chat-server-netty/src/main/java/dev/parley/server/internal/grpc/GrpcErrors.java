package dev.parley.server.internal.grpc;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;

/**
 * Maps Parley's one error model onto gRPC and back, so a {@link ChatException} thrown behind a
 * gRPC hop reaches the caller with the same {@link ErrorCode}, message and retry-after.
 *
 * <p>The code travels by name in the {@value #ERROR_CODE_KEY_NAME} trailer (a gRPC status code
 * alone is too coarse: EMAIL_TAKEN and NAME_TAKEN are both ALREADY_EXISTS), the retry-after in
 * {@value #RETRY_AFTER_KEY_NAME} as milliseconds. A failure without a Parley code is the transport's
 * (connection refused, deadline exceeded, peer gone) and becomes {@link ErrorCode#UNAVAILABLE}.
 * Stateless and thread-safe.
 */
public final class GrpcErrors {
  public static final String ERROR_CODE_KEY_NAME = "parley-error-code";
  public static final String RETRY_AFTER_KEY_NAME = "parley-retry-after-ms";
  public static final Metadata.Key<String> ERROR_CODE_KEY =
      Metadata.Key.of(ERROR_CODE_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> RETRY_AFTER_KEY =
      Metadata.Key.of(RETRY_AFTER_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);

  private GrpcErrors() {}

  /** The gRPC error for {@code e}: a ChatException keeps its code; anything else is INTERNAL. */
  public static StatusRuntimeException toStatusException(Throwable e) {
    ChatException chat = e instanceof ChatException c
        ? c : new ChatException(ErrorCode.INTERNAL, "unexpected " + e.getClass().getSimpleName(), e);
    Metadata trailers = new Metadata();
    trailers.put(ERROR_CODE_KEY, chat.code().name());
    if (!chat.retryAfter().isZero()) {
      trailers.put(RETRY_AFTER_KEY, Long.toString(chat.retryAfter().toMillis()));
    }
    Status status = statusOf(chat.code()).withDescription(chat.detail());
    return status.asRuntimeException(trailers);
  }

  /**
   * The ChatException a failed call stands for. {@code peer} names the remote side in transport
   * failures ("status service at 10.0.0.5:7000").
   */
  public static ChatException toChatException(StatusRuntimeException e, String peer) {
    Optional<ErrorCode> code = parleyCode(e.getTrailers());
    if (code.isEmpty()) {
      return new ChatException(ErrorCode.UNAVAILABLE, peer + " failed: " + e.getStatus().getCode()
          + describe(e.getStatus()), e);
    }
    String message = e.getStatus().getDescription() == null ? code.get().name() : e.getStatus().getDescription();
    if (code.get() == ErrorCode.RATE_LIMITED) {
      return ChatException.rateLimited(message, retryAfter(e.getTrailers()));
    }
    return new ChatException(code.get(), message);
  }

  /** The gRPC status code that best describes {@code code}; the exact code rides in the trailer. */
  static Status statusOf(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST, INVALID_EMAIL, INVALID_NAME, WEAK_PASSWORD, INVALID_CODE, TEXT_TOO_LONG,
          MALFORMED_FRAME, UNSUPPORTED_REQUEST, UNSUPPORTED_MEDIA_TYPE -> Status.INVALID_ARGUMENT;
      case EMAIL_TAKEN, NAME_TAKEN, ALREADY_FRIENDS, ALREADY_MEMBER, EXTERNAL_ID_TAKEN -> Status.ALREADY_EXISTS;
      case INVALID_CREDENTIALS, UNAUTHORIZED, NOT_LOGGED_IN -> Status.UNAUTHENTICATED;
      case FORBIDDEN, NOT_FRIENDS, NOT_A_MEMBER, NOT_ALLOWED, MUTED, REJECTED_BY_POLICY, BLOCKED, ACCOUNT_DISABLED ->
          Status.PERMISSION_DENIED;
      case TOO_LATE -> Status.FAILED_PRECONDITION;
      case NOT_FOUND -> Status.NOT_FOUND;
      case RATE_LIMITED, TOO_MANY_PENDING_REQUESTS, GROUP_FULL -> Status.RESOURCE_EXHAUSTED;
      case FRAME_TOO_LARGE, PAYLOAD_TOO_LARGE -> Status.OUT_OF_RANGE;
      case METHOD_NOT_ALLOWED -> Status.UNIMPLEMENTED;
      case NO_CHAT_NODE, UNAVAILABLE -> Status.UNAVAILABLE;
      case REQUEST_TIMEOUT -> Status.DEADLINE_EXCEEDED;
      case INTERNAL -> Status.INTERNAL;
    };
  }

  private static Optional<ErrorCode> parleyCode(Metadata trailers) {
    String name = trailers == null ? null : trailers.get(ERROR_CODE_KEY);
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ErrorCode.valueOf(name));
    } catch (IllegalArgumentException unknownToThisVersion) {
      // A newer peer's code: keep the failure visible rather than pretend it was a transport error.
      return Optional.of(ErrorCode.INTERNAL);
    }
  }

  private static Duration retryAfter(Metadata trailers) {
    String millis = trailers == null ? null : trailers.get(RETRY_AFTER_KEY);
    if (millis == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofMillis(Math.max(0, Long.parseLong(millis)));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }

  private static String describe(Status status) {
    return status.getDescription() == null ? "" : " (" + status.getDescription() + ")";
  }
}
