package dev.parley.cache.redis;

import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.contract.RateLimiterContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rate limiter contract against a real Redis, under a fresh key prefix per test. */
class RedisRateLimiterIT extends RateLimiterContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Override
  protected RateLimiter newLimiter(Clock clock) {
    return redis.newCache().clock(clock).buildWith(redis.client()).rateLimiter();
  }
}
