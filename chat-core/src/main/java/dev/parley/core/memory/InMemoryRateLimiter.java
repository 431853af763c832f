package dev.parley.core.memory;

import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed-window {@link RateLimiter} in a concurrent map. Windows are aligned to the epoch by the
 * injected clock (window k covers {@code [k*w, (k+1)*w)}), so the same key and window length count
 * into the same bucket wherever the limiter runs. A key used with two window lengths keeps two
 * independent counters. Thread-safe: each count is one atomic map operation; finished windows are
 * swept out at most once a minute of clock time.
 */
public final class InMemoryRateLimiter implements RateLimiter, NonBlocking {
  private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final Map<Key, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ExpirySweeper sweeper;

  /** A limiter on the system UTC clock. */
  public InMemoryRateLimiter() {
    this(Clock.systemUTC());
  }

  /** A limiter whose windows are judged by {@code clock}. */
  public InMemoryRateLimiter(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = new ExpirySweeper(SWEEP_INTERVAL, clock);
  }

  @Override
  public Optional<Duration> tryAcquire(String key, int limit, Duration window) {
    Objects.requireNonNull(key, "key");
    long windowMillis = Durations.requirePositive(window, "window").toMillis();
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
    }
    long now = clock.millis();
    sweepIfDue(now);
    long start = now - Math.floorMod(now, windowMillis);
    Window counted = windows.merge(new Key(key, windowMillis), new Window(start, 1),
        (old, one) -> old.start == start ? new Window(start, old.count + 1) : one);
    if (counted.count > limit) {
      return Optional.of(Duration.ofMillis(start + windowMillis - now));
    }
    return Optional.empty();
  }

  /** Counters held, finished windows not yet swept included; for clean-up tests. */
  int size() {
    return windows.size();
  }

  private void sweepIfDue(long nowMillis) {
    if (sweeper.due(Instant.ofEpochMilli(nowMillis))) {
      windows.entrySet().removeIf(e -> e.getValue().start + e.getKey().windowMillis <= nowMillis);
    }
  }

  private record Key(String key, long windowMillis) {}

  /** The count within the window starting at {@code start} (epoch millis). Immutable. */
  private record Window(long start, long count) {}
}
