package dev.parley.sdk;

import java.util.List;

/**
 * A page of a group's members, ordered by user id. Immutable.
 *
 * @param members the members
 * @param hasMore whether more follow; ask again after the last member's user id
 */
public record GroupMemberPage(List<GroupMember> members, boolean hasMore) {
  public GroupMemberPage {
    members = List.copyOf(members);
  }
}
