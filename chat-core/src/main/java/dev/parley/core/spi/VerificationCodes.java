package dev.parley.core.spi;

import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodePurpose;

/**
 * Verification codes per (email, purpose): each lives for the store's TTL, can be used once, and
 * dies after a bounded number of wrong attempts. Issuing is rate-limited per (email, purpose).
 * Comparisons are constant-time. Implementations are thread-safe and may block.
 */
public interface VerificationCodes {
  /**
   * Stores {@code code} for (email, purpose), replacing any earlier code and resetting attempts.
   *
   * @throws dev.parley.core.ChatException {@code RATE_LIMITED} (with retry-after) when a code was
   *     issued for this (email, purpose) less than the issue interval ago
   */
  void store(String email, CodePurpose purpose, String code);

  /** Checks {@code code}; {@link CodeCheck#VALID} consumes it. */
  CodeCheck verify(String email, CodePurpose purpose, String code);
}
