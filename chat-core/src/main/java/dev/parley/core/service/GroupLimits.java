package dev.parley.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on groups (part of {@link ChatLimits}). Immutable.
 *
 * @param maxMembers members a new group may hold, owner included (default 500)
 * @param maxGroupsPerUser groups one user may be a member of (default 500); past it, creating or
 *     joining one more is refused with {@code NOT_ALLOWED}, and an invite naming that user is refused
 *     with {@code NOT_ALLOWED} naming the user
 * @param maxInvitesPerRequest users one create or invite may name (default 100)
 * @param invitesPerWindow invite requests (each naming up to {@code maxInvitesPerRequest} users) one
 *     user may make, in all groups together, per {@code window} (default 1000); one rate limit across
 *     all of the user's sockets and nodes
 * @param createsPerWindow groups one user may create per {@code window} (default 20)
 * @param joinRequestsPerWindow join requests one user may make per {@code window} (default 50)
 * @param maxPendingJoinRequests pending join requests one group may hold (default 500)
 * @param window the window of the three rates (default one hour)
 */
public record GroupLimits(int maxMembers, int maxGroupsPerUser, int maxInvitesPerRequest, int invitesPerWindow,
    int createsPerWindow, int joinRequestsPerWindow, int maxPendingJoinRequests, Duration window) {
  public static final int DEFAULT_MAX_MEMBERS = 500;

  public GroupLimits {
    positive("maxMembers", maxMembers);
    if (maxMembers < 2) {
      throw new IllegalArgumentException("maxMembers must be at least 2, was " + maxMembers);
    }
    positive("maxGroupsPerUser", maxGroupsPerUser);
    positive("maxInvitesPerRequest", maxInvitesPerRequest);
    positive("invitesPerWindow", invitesPerWindow);
    positive("createsPerWindow", createsPerWindow);
    positive("joinRequestsPerWindow", joinRequestsPerWindow);
    positive("maxPendingJoinRequests", maxPendingJoinRequests);
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
  }

  /** The defaults listed above. */
  public static GroupLimits defaults() {
    return new GroupLimits(DEFAULT_MAX_MEMBERS, 500, 100, 1000, 20, 50, 500, Duration.ofHours(1));
  }

  public GroupLimits withMaxMembers(int v) {
    return new GroupLimits(v, maxGroupsPerUser, maxInvitesPerRequest, invitesPerWindow, createsPerWindow,
        joinRequestsPerWindow, maxPendingJoinRequests, window);
  }

  public GroupLimits withMaxGroupsPerUser(int v) {
    return new GroupLimits(maxMembers, v, maxInvitesPerRequest, invitesPerWindow, createsPerWindow,
        joinRequestsPerWindow, maxPendingJoinRequests, window);
  }

  public GroupLimits withRates(int invites, int creates, int joinRequests, Duration window) {
    return new GroupLimits(maxMembers, maxGroupsPerUser, maxInvitesPerRequest, invites, creates, joinRequests,
        maxPendingJoinRequests, window);
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + v);
    }
  }
}
