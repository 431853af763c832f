package dev.parley.cache.redis;

import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.contract.LoginLockContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The login lock contract against a real Redis (Redisson RLock), under a fresh key prefix per test. */
class RedisLoginLockIT extends LoginLockContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Override
  protected LoginLock newLock() {
    return redis.newCache().buildWith(redis.client()).loginLock();
  }
}
