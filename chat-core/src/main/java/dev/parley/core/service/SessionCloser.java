package dev.parley.core.service;

import dev.parley.core.model.KickReason;

/**
 * Ends a user's open chat sessions wherever they are: the session gets a {@code Kicked} push with
 * the reason and is closed. {@link AccountService} calls it after a password reset has revoked the
 * account's tokens. Chat nodes hold the sessions, so in a server this looks the user's presence up
 * and asks the node named there to kick; {@link #NONE} closes nothing (then only the nodes'
 * periodic token re-check ends the sessions).
 *
 * <p>Implementations are thread-safe, may block on a presence look-up, and never throw: a session
 * they cannot reach is left to that re-check.
 */
@FunctionalInterface
public interface SessionCloser {
  /** Closes nothing. */
  SessionCloser NONE = (userId, reason) -> {};

  /** Kicks and closes every open session of {@code userId}, telling it {@code reason}. */
  void closeSessions(long userId, String reason);

  /**
   * Kicks and closes every open session of {@code userId} with the {@code Kicked} code {@code code}
   * (a disabled account: {@link KickReason#DISABLED}) and {@code reason}. The default ignores the
   * code and calls {@link #closeSessions(long, String)}, so closers written before codes keep working.
   */
  default void closeSessions(long userId, KickReason code, String reason) {
    closeSessions(userId, reason);
  }
}
