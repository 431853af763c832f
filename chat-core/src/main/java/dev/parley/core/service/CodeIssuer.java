package dev.parley.core.service;

import dev.parley.core.model.CodePurpose;

/**
 * The verify role as the gate sees it: make a code for (email, purpose), store it and mail it.
 * In one JVM this is {@link VerificationService}; across processes a gRPC client implements it.
 */
public interface CodeIssuer {
  /**
   * @throws dev.parley.core.ChatException {@code RATE_LIMITED} when asked again too soon,
   *     {@code UNAVAILABLE} when the mail could not be sent
   */
  void issue(String email, CodePurpose purpose);
}
