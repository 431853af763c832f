package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/** A pending request by {@code requesterId} to join an {@link JoinPolicy#APPROVAL} group. Immutable. */
public record JoinRequest(long groupId, long requesterId, String greeting, Instant createdAt) {
  public JoinRequest {
    Validation.id("groupId", groupId);
    Validation.id("requesterId", requesterId);
    Objects.requireNonNull(greeting, "greeting");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
