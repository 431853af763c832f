package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One rate-limited attempt (a login, a code request, a code check): it spends one event of each
 * budget it is charged to, and gives them back when it fails because a dependency is down
 * ({@code UNAVAILABLE}, {@code NO_CHAT_NODE}), so an outage never uses up a user's budget. Not
 * thread-safe: one instance per attempt, on the caller's thread.
 */
final class LimitedAttempt {
  private final RateLimiter limiter;
  private final List<Spent> spent = new ArrayList<>(2);

  LimitedAttempt(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /** Counts one event under {@code key}, or RATE_LIMITED (with retry-after) past {@code limit} per {@code window}. */
  void spend(String key, int limit, Duration window, String what) {
    Optional<Duration> retryAfter = limiter.tryAcquire(key, limit, window);
    if (retryAfter.isPresent()) {
      throw ChatException.rateLimited("too many " + what + " (at most " + limit + " per " + window
          + "); retry in " + retryAfter.get().toSeconds() + " s", retryAfter.get());
    }
    spent.add(new Spent(key, window));
  }

  /** Runs {@code body} (which calls {@link #spend}); refunds what it spent when a dependency was down. */
  <T> T run(Supplier<T> body) {
    try {
      return body.get();
    } catch (ChatException e) {
      if (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.NO_CHAT_NODE) {
        refund(e);
      }
      throw e;
    }
  }

  /** Gives back every event spent so far, for an outcome that should not have cost anything. */
  void refund() {
    refund(null);
  }

  private void refund(ChatException cause) {
    for (Spent counter : spent) {
      try {
        limiter.release(counter.key(), counter.window());
      } catch (RuntimeException releaseFailed) {
        if (cause == null) {
          throw releaseFailed;
        }
        cause.addSuppressed(releaseFailed);
      }
    }
    spent.clear();
  }

  private record Spent(String key, Duration window) {}
}
