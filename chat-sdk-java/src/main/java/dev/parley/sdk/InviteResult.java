package dev.parley.sdk;

import java.util.List;

/**
 * What an invitation did. Immutable.
 *
 * @param addedIds the users who are members now
 * @param alreadyMemberIds the users who were members already (nothing was done for them)
 */
public record InviteResult(List<Long> addedIds, List<Long> alreadyMemberIds) {
  public InviteResult {
    addedIds = List.copyOf(addedIds);
    alreadyMemberIds = List.copyOf(alreadyMemberIds);
  }
}
