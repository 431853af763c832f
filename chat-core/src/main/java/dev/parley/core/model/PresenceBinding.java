package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/** Where a user is online: the chat node and the session on it. Immutable. */
public record PresenceBinding(long userId, String nodeId, String sessionId, Instant boundAt) {
  public PresenceBinding {
    Validation.id("userId", userId);
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(boundAt, "boundAt");
  }
}
