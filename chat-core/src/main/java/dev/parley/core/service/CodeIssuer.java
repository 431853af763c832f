package dev.parley.core.service;

import dev.parley.core.model.CodeMail;
import dev.parley.core.model.CodePurpose;

/**
 * The verify role as the gate sees it: make a code for (email, purpose), store it and send the
 * mail of the asked kind. In one JVM this is {@link VerificationService}; across processes a gRPC
 * client implements it. Implementations are thread-safe.
 */
public interface CodeIssuer {
  /**
   * Stores a fresh code for (email, purpose) and sends one mail of kind {@code mail}; only
   * {@link CodeMail#CODE} carries the code.
   *
   * @throws dev.parley.core.ChatException {@code RATE_LIMITED} when asked again too soon (for any
   *     kind alike), {@code UNAVAILABLE} when the mail could not be sent
   */
  void issue(String email, CodePurpose purpose, CodeMail mail);

  /** {@link #issue(String, CodePurpose, CodeMail)} mailing the code itself. */
  default void issue(String email, CodePurpose purpose) {
    issue(email, purpose, CodeMail.CODE);
  }
}
