package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.contract.RateLimiterContract;
import dev.parley.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract, plus its own clean-up. */
class InMemoryRateLimiterTest extends RateLimiterContract {
  @Override
  protected RateLimiter newLimiter(Clock clock) {
    return new InMemoryRateLimiter(clock);
  }

  @Test
  void finishedWindowsAreSweptOut() {
    MutableClock clock = new MutableClock();
    InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
    limiter.tryAcquire("a", 5, Duration.ofSeconds(10));
    limiter.tryAcquire("b", 5, Duration.ofSeconds(10));
    clock.advance(Duration.ofMinutes(2));
    limiter.tryAcquire("c", 5, Duration.ofSeconds(10));
    assertThat(limiter.size()).isEqualTo(1);
  }
}
