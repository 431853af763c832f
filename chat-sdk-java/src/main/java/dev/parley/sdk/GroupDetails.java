package dev.parley.sdk;

import java.util.Objects;

/**
 * A group and the user's own membership of it, as a group request returned them. Immutable.
 *
 * @param group the group as it is now
 * @param self the user's membership
 */
public record GroupDetails(Group group, GroupMember self) {
  public GroupDetails {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(self, "self");
  }
}
