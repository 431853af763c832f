package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A system entry in a user's own mailbox: a change to that user's membership of a group, so a user
 * who was offline learns it through the mailbox sync. {@code groupSeq} is the seq of the system
 * entry that recorded the change in the group's log. Immutable.
 *
 * @param kind {@link GroupMessageKind#GROUP_CREATED} (a new group with this user in it, as owner or
 *     member), {@link GroupMessageKind#MEMBERS_JOINED} (added), {@link GroupMessageKind#MEMBER_LEFT},
 *     {@link GroupMessageKind#MEMBER_KICKED}, {@link GroupMessageKind#ROLE_CHANGED},
 *     {@link GroupMessageKind#MEMBER_MUTED}, {@link GroupMessageKind#OWNERSHIP_TRANSFERRED} (the
 *     owner is this user now) or {@link GroupMessageKind#GROUP_DISSOLVED}
 * @param role the user's role after the change; null when it is no longer a member
 * @param mutedUntil for {@link GroupMessageKind#MEMBER_MUTED}; null otherwise or when unmuted
 * @param groupName the group's name at the change
 */
public record GroupNotice(long groupId, GroupMessageKind kind, long actorId, long groupSeq, GroupRole role,
    Instant mutedUntil, String groupName, Instant at) {
  public GroupNotice {
    Validation.id("groupId", groupId);
    Objects.requireNonNull(kind, "kind");
    if (kind == GroupMessageKind.TEXT) {
      throw new IllegalArgumentException("a notice is a system change, not TEXT");
    }
    Validation.id("actorId", actorId);
    Validation.id("groupSeq", groupSeq);
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(at, "at");
  }
}
