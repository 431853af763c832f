package dev.parley.cache.redis;

import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.contract.PresenceRegistryContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The presence contract against a real Redis, under a fresh key prefix per test. */
class RedisPresenceRegistryIT extends PresenceRegistryContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Override
  protected PresenceRegistry newRegistry(Duration ttl, Clock clock) {
    return redis.newCache().presenceTtl(ttl).clock(clock).buildWith(redis.client()).presence();
  }
}
