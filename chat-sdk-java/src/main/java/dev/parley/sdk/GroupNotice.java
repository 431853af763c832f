package dev.parley.sdk;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import java.time.Instant;
import java.util.Objects;

/**
 * A change of this user's own membership of a group, as an entry of the user's 1:1 mailbox (so an
 * offline user learns it from the login's sync): added to a group, left it, removed from it, a new
 * role, muted, made the owner, or the group dissolved. Immutable.
 *
 * @param mailboxSeq the entry's seq in the user's mailbox
 * @param groupId the group
 * @param kind what happened: {@link GroupMessageKind#MEMBERS_JOINED} (added), {@code MEMBER_LEFT},
 *     {@code MEMBER_KICKED}, {@code ROLE_CHANGED}, {@code MEMBER_MUTED}, {@code OWNERSHIP_TRANSFERRED}
 *     (the user is the owner now) or {@code GROUP_DISSOLVED}
 * @param actorId who did it
 * @param groupSeq the seq of the system entry in the group's log that recorded the change
 * @param role the user's role after a role change; null otherwise
 * @param mutedUntil until when the user is muted after a mute; null otherwise or unmuted
 * @param groupName the group's name at the time
 * @param at when it happened
 */
public record GroupNotice(long mailboxSeq, long groupId, GroupMessageKind kind, long actorId, long groupSeq,
    GroupRole role, Instant mutedUntil, String groupName, Instant at) {
  public GroupNotice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(at, "at");
  }

  /** Whether the user is no longer a member after this: it left, was removed, or the group was dissolved. */
  public boolean endsMembership() {
    return kind == GroupMessageKind.MEMBER_LEFT || kind == GroupMessageKind.MEMBER_KICKED
        || kind == GroupMessageKind.GROUP_DISSOLVED;
  }

  /** Whether the user became a member with this. */
  public boolean startsMembership() {
    return kind == GroupMessageKind.MEMBERS_JOINED || kind == GroupMessageKind.GROUP_CREATED;
  }
}
