package dev.parley.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * A successful login at the gate: the user, the session token and the chat node to connect to.
 * Pass it to {@link ParleyClient#openSession}. Immutable; the token is a secret.
 *
 * @param userId the logged-in user's id
 * @param token the session token (Bearer token for the gate, Login token for the chat node)
 * @param expiresAt when the token stops working
 * @param chat the chat node assigned to this login
 */
public record LoginResult(long userId, String token, Instant expiresAt, ChatAddress chat) {
  public LoginResult {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(chat, "chat");
  }

  @Override
  public String toString() {
    // never print the token
    return "LoginResult[userId=" + userId + ", expiresAt=" + expiresAt + ", chat=" + chat + "]";
  }
}
