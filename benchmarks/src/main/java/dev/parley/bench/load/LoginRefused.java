package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;

/**
 * A chat node's Error answer to a bench connection's Login: its code and, for RATE_LIMITED, the
 * retry-after the node asked for (0 when none). Immutable.
 */
public final class LoginRefused extends RuntimeException {
  private final ChatProtocol.ErrorCode code;
  private final long retryAfterMs;

  LoginRefused(long userId, ChatProtocol.Error error) {
    super("login of user " + userId + " refused: " + error.getCode() + " " + error.getMessage(), null, false, false);
    this.code = error.getCode();
    this.retryAfterMs = error.getRetryAfterMs();
  }

  public ChatProtocol.ErrorCode code() {
    return code;
  }

  /** The node's retry-after in milliseconds; 0 when it gave none. */
  public long retryAfterMs() {
    return retryAfterMs;
  }
}
