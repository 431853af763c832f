package dev.parley.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Fixed-window counters for rate limits shared by every node (login attempts per email and per
 * address). Implementations are thread-safe and may block.
 */
public interface RateLimiter {
  /**
   * Counts one event under {@code key}; when that makes more than {@code limit} events in the
   * current {@code window}, returns how long until the window ends, otherwise empty.
   */
  Optional<Duration> tryAcquire(String key, int limit, Duration window);
}
