package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.RateLimiter;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RateLimiter}: at most {@code limit} events in any interval of the window's
 * length (a sliding window, so no burst of twice the limit across a boundary), a retry-after that
 * says when the next event passes, independent keys, and a release that takes one event back.
 * Keys are random.
 */
public abstract class RateLimiterContract {
  private static final Duration WINDOW = Duration.ofSeconds(60);

  protected MutableClock clock;
  protected RateLimiter limiter;
  private String key;

  /** A limiter judging windows by {@code clock}. */
  protected abstract RateLimiter newLimiter(Clock clock);

  @BeforeEach
  void createLimiter() {
    clock = new MutableClock();
    limiter = newLimiter(clock);
    key = "k" + UniqueNames.token();
  }

  @Test
  void eventsUpToTheLimitPassAndTheNextIsRefusedWithARetryAfter() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(key, 3, WINDOW)).isEmpty();
    }
    Optional<Duration> refused = limiter.tryAcquire(key, 3, WINDOW);
    assertThat(refused).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(WINDOW));
    assertThat(limiter.tryAcquire(key, 3, WINDOW)).isPresent();
  }

  @Test
  void theRetryAfterIsWhenTheWindowEnds() {
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).isEmpty();
    Duration wait = limiter.tryAcquire(key, 1, WINDOW).orElseThrow();

    if (wait.toMillis() > 1) {
      clock.advance(wait.minusMillis(1));
      assertThat(limiter.tryAcquire(key, 1, WINDOW)).hasValue(Duration.ofMillis(1));
      clock.advance(Duration.ofMillis(1));
    } else {
      clock.advance(wait);
    }
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).as("a new window").isEmpty();
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).isPresent();
  }

  @Test
  void keysAreIndependent() {
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).isEmpty();
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).isPresent();
    assertThat(limiter.tryAcquire(key + "-other", 1, WINDOW)).isEmpty();
  }

  @Test
  void concurrentEventsAreCountedExactly() {
    List<Integer> passed = Concurrently.call(8, i -> {
      int n = 0;
      for (int k = 0; k < 10; k++) {
        n += limiter.tryAcquire(key, 20, WINDOW).isEmpty() ? 1 : 0;
      }
      return n;
    });
    assertThat(passed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
  }

  @Test
  void noIntervalOfTheWindowsLengthHoldsMoreThanTheLimit() {
    int limit = 3;
    // The worst case for an epoch-aligned fixed window: a burst just before a boundary, one just after.
    long intoWindow = Math.floorMod(clock.millis(), WINDOW.toMillis());
    clock.advance(Duration.ofMillis(WINDOW.toMillis() - intoWindow).minusSeconds(1));
    List<Long> passed = new ArrayList<>();
    for (int step = 0; step < 3 * 120; step++) {
      for (int burst = 0; burst <= limit && limiter.tryAcquire(key, limit, WINDOW).isEmpty(); burst++) {
        passed.add(clock.millis());
      }
      clock.advance(Duration.ofMillis(500));
    }

    assertThat(passed).as("the limiter lets events through at all").hasSizeGreaterThanOrEqualTo(3 * limit);
    for (long start : passed) {
      long inWindow = passed.stream().filter(t -> t >= start && t < start + WINDOW.toMillis()).count();
      assertThat(inWindow).as("events in the %s from %d; passed at %s", WINDOW, start, passed)
          .isLessThanOrEqualTo(limit);
    }
  }

  @Test
  void refusedEventsAreNotCounted() {
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).isEmpty();
    clock.advance(WINDOW.minusSeconds(1));
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).hasValue(Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).as("the refusal did not extend the wait").isEmpty();
  }

  @Test
  void aReleasedEventNoLongerCounts() {
    assertThat(limiter.tryAcquire(key, 2, WINDOW)).isEmpty();
    assertThat(limiter.tryAcquire(key, 2, WINDOW)).isEmpty();
    limiter.release(key, WINDOW);

    assertThat(limiter.tryAcquire(key, 2, WINDOW)).isEmpty();
    assertThat(limiter.tryAcquire(key, 2, WINDOW)).isPresent();
  }

  @Test
  void releasingAnUnknownKeyDoesNothing() {
    limiter.release(key, WINDOW);

    assertThat(limiter.tryAcquire(key, 1, WINDOW)).isEmpty();
    assertThat(limiter.tryAcquire(key, 1, WINDOW)).isPresent();
  }
}
