package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A request from {@code fromUserId} to befriend {@code toUserId}. {@code remark} is the
 * requester's alias for the target, applied to the friendship when accepted. Immutable.
 */
public record FriendRequest(long id, long fromUserId, long toUserId, String greeting, String remark,
    Status status, Instant createdAt) {
  /** Longest greeting accepted. */
  public static final int MAX_GREETING = 200;

  /** Where a request stands. */
  public enum Status { PENDING, ACCEPTED, DECLINED }

  public FriendRequest {
    Validation.id("id", id);
    Validation.id("fromUserId", fromUserId);
    Validation.id("toUserId", toUserId);
    greeting = Validation.optionalText("greeting", greeting, MAX_GREETING);
    remark = Validation.optionalText("remark", remark, Friendship.MAX_REMARK);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public FriendRequest withStatus(Status s) {
    return new FriendRequest(id, fromUserId, toUserId, greeting, remark, s, createdAt);
  }
}
