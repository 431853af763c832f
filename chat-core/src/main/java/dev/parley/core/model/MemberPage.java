package dev.parley.core.model;

import java.util.List;

/** One page of a group's members, ascending by user id; {@code hasMore} when more follow. Immutable. */
public record MemberPage(List<GroupMember> members, boolean hasMore) {
  public MemberPage {
    members = List.copyOf(members);
  }
}
