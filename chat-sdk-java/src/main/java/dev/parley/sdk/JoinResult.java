package dev.parley.sdk;

/**
 * The answer to a request to join a group. Immutable.
 *
 * @param joined true when the user is a member now (an {@link dev.parley.core.model.JoinPolicy#OPEN}
 *     group); false when the request waits for an owner or admin
 * @param group the group when joined; null otherwise
 */
public record JoinResult(boolean joined, Group group) {}
