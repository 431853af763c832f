package dev.parley.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Sliding-window rate limits shared by every node (login attempts per email and per address,
 * code requests, failed code checks). "At most {@code limit} per {@code window}" holds for every
 * interval of that length, wherever it starts: there is no boundary at which twice the limit can
 * pass. Implementations are thread-safe and may block.
 */
public interface RateLimiter {
  /**
   * Counts one event under {@code key} unless {@code limit} events were already counted in the
   * last {@code window}; then nothing is counted and the answer is how long until the oldest of
   * them leaves the window (when one more event would pass). Empty when the event was counted.
   * A key used with two window lengths keeps two independent counts.
   */
  Optional<Duration> tryAcquire(String key, int limit, Duration window);

  /**
   * Takes back the newest event counted under ({@code key}, {@code window}), if any is still in
   * the window: for an attempt whose outcome shows it should not have cost anything (a dependency
   * was down). A release with nothing to take back does nothing.
   */
  void release(String key, Duration window);
}
