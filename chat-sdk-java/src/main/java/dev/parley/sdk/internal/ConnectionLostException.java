package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;

/**
 * The {@link ErrorCode#UNAVAILABLE} failure of a request whose connection closed before the
 * answer came. Its own type so the session can tell "never answered" (re-send a queued message)
 * from a refusal or a timeout (report it). Immutable.
 */
public final class ConnectionLostException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** A lost-connection failure explained by {@code message}, caused by {@code cause} (may be null). */
  public ConnectionLostException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
