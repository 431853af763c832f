package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/** A bearer token that lets {@code userId} open chat sessions until {@code expiresAt}. Immutable. */
public record SessionToken(String token, long userId, Instant expiresAt) {
  public SessionToken {
    Objects.requireNonNull(token, "token");
    Validation.id("userId", userId);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "SessionToken[userId=" + userId + ", expiresAt=" + expiresAt + "]";
  }
}
