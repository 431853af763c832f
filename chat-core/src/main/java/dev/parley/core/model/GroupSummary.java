package dev.parley.core.model;

import java.util.Objects;

/**
 * One of a user's groups as its group list shows it: the group, the user's membership, how many
 * entries after {@code max(readSeq, joinedSeq)} others wrote (at most {@link #MAX_UNREAD}) and the
 * newest visible entry (null when none). Immutable.
 */
public record GroupSummary(Group group, GroupMember self, int unreadCount, GroupMessage lastMessage) {
  /** Unread counts stop here ("999+"). */
  public static final int MAX_UNREAD = 1000;

  public GroupSummary {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(self, "self");
    if (unreadCount < 0 || unreadCount > MAX_UNREAD) {
      throw new IllegalArgumentException("unreadCount " + unreadCount);
    }
  }
}
