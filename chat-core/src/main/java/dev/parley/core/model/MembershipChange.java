package dev.parley.core.model;

import java.util.List;

/**
 * The outcome of adding members: who was added (in the order asked), who already was a member, and
 * the system entry that recorded the join (null when nobody was added). Immutable.
 */
public record MembershipChange(List<Long> addedIds, List<Long> alreadyMemberIds, GroupMessage systemMessage) {
  public MembershipChange {
    addedIds = List.copyOf(addedIds);
    alreadyMemberIds = List.copyOf(alreadyMemberIds);
    if (addedIds.isEmpty() != (systemMessage == null)) {
      throw new IllegalArgumentException("a system message exactly when someone was added");
    }
  }
}
