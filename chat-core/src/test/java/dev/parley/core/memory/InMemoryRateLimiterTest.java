package dev.parley.core.memory;

import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.contract.RateLimiterContract;
import java.time.Clock;

/** The in-memory implementation against its contract. */
class InMemoryRateLimiterTest extends RateLimiterContract {
  @Override
  protected RateLimiter newLimiter(Clock clock) {
    return new InMemoryRateLimiter(clock);
  }
}
