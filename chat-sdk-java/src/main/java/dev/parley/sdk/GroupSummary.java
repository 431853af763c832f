package dev.parley.sdk;

import java.util.Objects;
import java.util.Optional;

/**
 * One of the user's groups with the user's own membership, as the login or a group listing
 * returned it. Immutable.
 *
 * @param group the group
 * @param self the user's membership (role, joined and read seqs)
 * @param unreadCount entries after the user's read position not sent by the user (at most 1000)
 * @param lastMessage the newest entry visible to the user; null when none
 * @param remark the user's private name for the group; empty when none
 */
public record GroupSummary(Group group, GroupMember self, int unreadCount, GroupMessage lastMessage, String remark) {
  public GroupSummary {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(remark, "remark");
  }

  /** The group's id. */
  public long groupId() {
    return group.groupId();
  }

  /** The newest entry visible to the user, if any. */
  public Optional<GroupMessage> last() {
    return Optional.ofNullable(lastMessage);
  }

  /** The name to show: the user's remark, else the group's name. */
  public String displayName() {
    return remark.isEmpty() ? group.name() : remark;
  }

  /** A copy with {@code newGroup} and {@code newSelf} (unread count, last message and remark kept). */
  public GroupSummary with(Group newGroup, GroupMember newSelf) {
    return new GroupSummary(newGroup, newSelf, unreadCount, lastMessage, remark);
  }
}
