package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's membership of a group, which is also the user's cursor in the group's log. Immutable.
 *
 * @param joinedSeq entries with a seq up to this one were written before the member joined and are
 *     invisible to it (the entry recording the join is the first visible one)
 * @param readSeq the member's read position (never below {@code joinedSeq})
 * @param mutedUntil when the member may send again; null when not muted
 * @param nickname the member's display name in this group, visible to members; empty when none
 * @param remark the member's private name for the group; empty when none
 */
public record GroupMember(long groupId, long userId, GroupRole role, long joinedSeq, long readSeq, Instant mutedUntil,
    String nickname, String remark, Instant joinedAt) {
  /** Longest nickname or remark. */
  public static final int MAX_NICKNAME = 64;

  public GroupMember {
    Validation.id("groupId", groupId);
    Validation.id("userId", userId);
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(nickname, "nickname");
    Objects.requireNonNull(remark, "remark");
    Objects.requireNonNull(joinedAt, "joinedAt");
    if (joinedSeq < 0 || readSeq < 0) {
      throw new IllegalArgumentException("joinedSeq " + joinedSeq + ", readSeq " + readSeq);
    }
  }

  /** Whether the member is muted at {@code now}. */
  public boolean mutedAt(Instant now) {
    return mutedUntil != null && mutedUntil.isAfter(now);
  }

  /** Whether the log entry {@code seq} is visible to this member (written after it joined). */
  public boolean sees(long seq) {
    return seq > joinedSeq;
  }
}
