package dev.parley.sdk;

import dev.parley.core.model.GroupRole;
import java.time.Instant;
import java.util.Objects;

/**
 * One member of a group. Immutable.
 *
 * @param userId the member
 * @param role its role
 * @param joinedSeq the group's log entries up to this seq were written before the member joined and
 *     are invisible to it
 * @param readSeq the member's read position in the group's log
 * @param mutedUntil until when the member may not send; null when not muted
 * @param nickname the member's display name in this group; empty when none
 * @param joinedAt when it joined
 */
public record GroupMember(long userId, GroupRole role, long joinedSeq, long readSeq, Instant mutedUntil,
    String nickname, Instant joinedAt) {
  public GroupMember {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(nickname, "nickname");
    Objects.requireNonNull(joinedAt, "joinedAt");
  }

  /** Whether the member is muted at {@code now}. */
  public boolean mutedAt(Instant now) {
    return mutedUntil != null && mutedUntil.isAfter(now);
  }
}
