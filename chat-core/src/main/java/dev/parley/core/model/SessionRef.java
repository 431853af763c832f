package dev.parley.core.model;

import java.util.Objects;

/** A session of a user, by id. Immutable. */
public record SessionRef(long userId, String sessionId) {
  public SessionRef {
    Validation.id("userId", userId);
    Objects.requireNonNull(sessionId, "sessionId");
  }
}
