package dev.parley.cache.redis;

import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.contract.TokenStoreContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token contract against a real Redis, under a fresh key prefix per test. */
class RedisTokenStoreIT extends TokenStoreContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Override
  protected TokenStore newStore(Duration ttl, Clock clock) {
    return redis.newCache().tokenTtl(ttl).clock(clock).buildWith(redis.client()).tokens();
  }
}
