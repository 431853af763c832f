package dev.parley.core.model;

import java.util.Objects;

/** A successful login: the user, the session token and the chat node assigned to connect to. Immutable. */
public record LoginResult(User user, SessionToken token, ChatNodeInfo node) {
  public LoginResult {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(node, "node");
  }
}
