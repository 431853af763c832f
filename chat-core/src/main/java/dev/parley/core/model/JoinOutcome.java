package dev.parley.core.model;

import java.util.Objects;

/**
 * What a request to join did: {@code joined} for an {@link JoinPolicy#OPEN} group (the requester is
 * a member now), otherwise a join request is pending for an owner or admin to answer. {@code group}
 * is the group after it. Immutable.
 */
public record JoinOutcome(boolean joined, Group group) {
  public JoinOutcome {
    Objects.requireNonNull(group, "group");
  }
}
