package dev.parley.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What a new group starts with: the owner, the other initial members (not the owner, no repeats),
 * its info and settings, and the member limit it keeps. Immutable.
 */
public record NewGroup(long ownerId, List<Long> memberIds, String name, String avatarUrl, String notice,
    JoinPolicy joinPolicy, boolean membersCanInvite, int maxMembers) {
  public NewGroup {
    Validation.id("ownerId", ownerId);
    memberIds = List.copyOf(memberIds);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(avatarUrl, "avatarUrl");
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(joinPolicy, "joinPolicy");
    if (memberIds.contains(ownerId) || memberIds.stream().distinct().count() != memberIds.size()) {
      throw new IllegalArgumentException("memberIds must not repeat or contain the owner: " + memberIds);
    }
    if (maxMembers < 1 || memberIds.size() + 1 > maxMembers) {
      throw new IllegalArgumentException(memberIds.size() + 1 + " members, limit " + maxMembers);
    }
  }
}
