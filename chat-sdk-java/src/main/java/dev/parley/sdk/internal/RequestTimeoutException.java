package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;

/**
 * The {@link ErrorCode#UNAVAILABLE} failure of a request that got no answer in time on a live
 * connection. Its own type so the session can tell it from an UNAVAILABLE answer of the node
 * (which means "not processed, try again"). Immutable.
 */
public final class RequestTimeoutException extends ChatException {
  private static final long serialVersionUID = 1L;

  /** A timeout failure explained by {@code message}. */
  public RequestTimeoutException(String message) {
    super(ErrorCode.UNAVAILABLE, message);
  }
}
