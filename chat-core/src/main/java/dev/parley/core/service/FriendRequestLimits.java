package dev.parley.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * What keeps friend requests from being used as spam (part of {@link ChatLimits}). Immutable.
 *
 * @param renotifyInterval a renewed pending request pushes the target again only after this long
 *     since the last push for it (the first request always pushes)
 * @param declineCooldown after the target declines, the requester waits this long before asking
 *     again (RATE_LIMITED with a retry-after until then)
 * @param maxPendingOutgoing pending requests one user may have out at once; one more is refused
 *     with TOO_MANY_PENDING_REQUESTS until some are answered
 */
public record FriendRequestLimits(Duration renotifyInterval, Duration declineCooldown, int maxPendingOutgoing) {
  /** Default of {@link #renotifyInterval}: one push an hour at most for the same request. */
  public static final Duration DEFAULT_RENOTIFY_INTERVAL = Duration.ofHours(1);
  /** Default of {@link #declineCooldown}: a day. */
  public static final Duration DEFAULT_DECLINE_COOLDOWN = Duration.ofHours(24);
  /** Default of {@link #maxPendingOutgoing}. */
  public static final int DEFAULT_MAX_PENDING_OUTGOING = 100;

  public FriendRequestLimits {
    positive("renotifyInterval", renotifyInterval);
    positive("declineCooldown", declineCooldown);
    if (maxPendingOutgoing <= 0) {
      throw new IllegalArgumentException("maxPendingOutgoing must be positive, was " + maxPendingOutgoing);
    }
  }

  /** The defaults: re-push at most hourly, a one-day cooldown after a decline, 100 pending out. */
  public static FriendRequestLimits defaults() {
    return new FriendRequestLimits(DEFAULT_RENOTIFY_INTERVAL, DEFAULT_DECLINE_COOLDOWN, DEFAULT_MAX_PENDING_OUTGOING);
  }

  private static void positive(String name, Duration v) {
    Objects.requireNonNull(v, name);
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + v);
    }
  }
}
