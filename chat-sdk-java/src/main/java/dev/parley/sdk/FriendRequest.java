package dev.parley.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * A pending friend request. Immutable.
 *
 * @param requestId the server's id of the request
 * @param from who asked
 * @param toUserId who was asked
 * @param greeting the requester's greeting, may be empty
 * @param createdAt when it was made (or last renewed)
 */
public record FriendRequest(long requestId, Profile from, long toUserId, String greeting, Instant createdAt) {
  public FriendRequest {
    Objects.requireNonNull(from, "from");
    greeting = Objects.requireNonNullElse(greeting, "");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
