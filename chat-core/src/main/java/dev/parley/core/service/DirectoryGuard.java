package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.spi.RateLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts one user's directory look-ups (searches, profiles of strangers) against
 * {@link DirectoryLimits#lookupsPerWindow} in the shared {@link RateLimiter}, so a walk over the
 * directory is slowed to that rate on every node. Both kinds of look-up share one budget per user.
 * Thread-safe; blocks when the limiter does.
 */
final class DirectoryGuard {
  private final RateLimiter limiter;
  private final DirectoryLimits limits;

  DirectoryGuard(RateLimiter limiter, DirectoryLimits limits) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Spends one look-up of {@code userId}'s budget; RATE_LIMITED with a retry-after when it is spent. */
  void spend(long userId, String what) {
    Optional<Duration> wait = limiter.tryAcquire("directory:" + userId, limits.lookupsPerWindow(), limits.lookupWindow());
    if (wait.isPresent()) {
      throw ChatException.rateLimited("user " + userId + " made more than " + limits.lookupsPerWindow()
          + " directory look-ups (" + what + ") in " + limits.lookupWindow().toSeconds() + " s", wait.get());
    }
  }
}
