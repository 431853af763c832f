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
 * @param deviceId the device the token was issued for (the gate's answer); "" when unknown, and
 *     then the session logs in as the client's {@link ParleyClient#deviceId()}
 */
public record LoginResult(long userId, String token, Instant expiresAt, ChatAddress chat, String deviceId) {
  public LoginResult {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(deviceId, "deviceId");
  }

  /** A login whose device is not known: the session logs in as the client's device. */
  public LoginResult(long userId, String token, Instant expiresAt, ChatAddress chat) {
    this(userId, token, expiresAt, chat, "");
  }

  /** This login sent to another chat node (e.g. a proxy in front of it), same token and device. */
  public LoginResult withChat(ChatAddress node) {
    return new LoginResult(userId, token, expiresAt, node, deviceId);
  }

  @Override
  public String toString() {
    // never print the token
    return "LoginResult[userId=" + userId + ", device=" + deviceId + ", expiresAt=" + expiresAt + ", chat=" + chat + "]";
  }
}
