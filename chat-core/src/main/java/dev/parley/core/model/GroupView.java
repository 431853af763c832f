package dev.parley.core.model;

import java.util.Objects;

/**
 * A group as one user sees it: the group and that user's membership ({@code self} null for a user
 * who is not a member, e.g. looking at an open group before joining). Immutable.
 */
public record GroupView(Group group, GroupMember self) {
  public GroupView {
    Objects.requireNonNull(group, "group");
  }
}
