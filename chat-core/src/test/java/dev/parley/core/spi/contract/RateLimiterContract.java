package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.RateLimiter;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RateLimiter}: at most {@code limit} events per fixed window, a retry-after
 * that ends the window, independent keys. Where the window starts (aligned or at the first event)
 * is the implementation's choice; the assertions hold for both. Keys are random.
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
}
