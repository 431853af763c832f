package dev.parley.core.hooks;

/**
 * Turns a host credential (a JWT, or a host's own scheme) into the host user it names. Parley's
 * built-in email-and-password accounts are the other way in; a deployment may use both.
 * Implementations are thread-safe and may block (they are called off event loops).
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * The identity {@code credential} proves.
   *
   * @throws dev.parley.core.ChatException {@code INVALID_CREDENTIALS} for a credential that is
   *     malformed, badly signed, expired, not yet valid or meant for someone else (one code for
   *     all, with a message for the log), {@code UNAVAILABLE} when a dependency is down
   */
  ExternalIdentity authenticate(String credential);
}
