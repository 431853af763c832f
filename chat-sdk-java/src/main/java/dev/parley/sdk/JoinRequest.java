package dev.parley.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's request to join a group whose join policy asks for approval, waiting for an owner or
 * admin to answer it. Immutable.
 *
 * @param groupId the group
 * @param requester who asks
 * @param greeting what the requester wrote; empty when nothing
 * @param createdAt when it was asked
 */
public record JoinRequest(long groupId, Profile requester, String greeting, Instant createdAt) {
  public JoinRequest {
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(greeting, "greeting");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
