package dev.parley.core.memory;

import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding-log {@link RateLimiter} in a concurrent map: each (key, window length) keeps the times
 * of its counted events still inside the window, at most {@code limit} of them, judged by the
 * injected clock. Refused events are not logged. Thread-safe: each count or release is one atomic
 * map operation on its key; keys whose events all left the window are swept out at most once a
 * minute of clock time.
 */
public final class InMemoryRateLimiter implements RateLimiter, NonBlocking {
  private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final Map<Key, EventLog> logs = new ConcurrentHashMap<>();
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
    Key k = Key.of(key, window);
    long now = clock.millis();
    sweepIfDue(now);
    long[] waitMillis = {0};
    logs.compute(k, (ignored, log) -> {
      EventLog current = (log == null ? EventLog.EMPTY : log).since(now - k.windowMillis);
      if (current.size() >= limit) {
        waitMillis[0] = current.oldest() + k.windowMillis - now;
        return current;
      }
      return current.plus(now);
    });
    return waitMillis[0] > 0 ? Optional.of(Duration.ofMillis(waitMillis[0])) : Optional.empty();
  }

  @Override
  public void release(String key, Duration window) {
    Key k = Key.of(key, window);
    logs.computeIfPresent(k, (ignored, log) -> log.withoutNewest());
  }

  /** Keys held, ones whose events all left the window but are not yet swept included; for clean-up tests. */
  int size() {
    return logs.size();
  }

  private void sweepIfDue(long nowMillis) {
    if (sweeper.due(Instant.ofEpochMilli(nowMillis))) {
      logs.entrySet().removeIf(e -> e.getValue().since(nowMillis - e.getKey().windowMillis).size() == 0);
    }
  }

  private record Key(String key, long windowMillis) {
    static Key of(String key, Duration window) {
      Objects.requireNonNull(key, "key");
      long windowMillis = Durations.requirePositive(window, "window").toMillis();
      if (windowMillis <= 0) {
        throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
      }
      return new Key(key, windowMillis);
    }
  }

  /** Event times (epoch millis), oldest first. Immutable; the map swaps whole values. */
  private record EventLog(long[] times) {
    static final EventLog EMPTY = new EventLog(new long[0]);

    int size() {
      return times.length;
    }

    long oldest() {
      return times[0];
    }

    /** The events after {@code cutoff}: an event exactly one window old has left the window. */
    EventLog since(long cutoff) {
      int first = 0;
      while (first < times.length && times[first] <= cutoff) {
        first++;
      }
      return first == 0 ? this : new EventLog(Arrays.copyOfRange(times, first, times.length));
    }

    EventLog plus(long time) {
      long[] more = Arrays.copyOf(times, times.length + 1);
      more[times.length] = time;
      return new EventLog(more);
    }

    EventLog withoutNewest() {
      return times.length == 0 ? this : new EventLog(Arrays.copyOf(times, times.length - 1));
    }
  }
}
