package dev.parley.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The one exception type of Parley: an {@link ErrorCode} plus a message that carries the state
 * explaining it ("user 42 is not a friend of 17"). Thrown by services and SPIs, mapped to an
 * {@code Error} frame on the wire and to an error JSON body by the gate, and surfaced by the SDK.
 *
 * <p>Immutable and thread-safe.
 */
public class ChatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final Duration retryAfter;

  public ChatException(ErrorCode code, String message) {
    this(code, message, Duration.ZERO, null);
  }

  public ChatException(ErrorCode code, String message, Throwable cause) {
    this(code, message, Duration.ZERO, cause);
  }

  private ChatException(ErrorCode code, String message, Duration retryAfter, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** A {@link ErrorCode#RATE_LIMITED} error telling the caller when to try again. */
  public static ChatException rateLimited(String message, Duration retryAfter) {
    return new ChatException(ErrorCode.RATE_LIMITED, message, retryAfter, null);
  }

  /** An {@link ErrorCode#UNAVAILABLE} error (a bounded resource is full) telling the caller when to try again. */
  public static ChatException unavailable(String message, Duration retryAfter) {
    return new ChatException(ErrorCode.UNAVAILABLE, message, retryAfter, null);
  }

  public ErrorCode code() {
    return code;
  }

  /** How long to wait before retrying; zero unless made by {@link #rateLimited} or {@link #unavailable}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The message without the code prefix. */
  public String detail() {
    String m = getMessage();
    String prefix = code + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
