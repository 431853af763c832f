package dev.parley.cache.redis;

import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.contract.NodeDirectoryContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node directory contract against a real Redis; each directory gets its own key prefix, so it starts empty. */
class RedisNodeDirectoryIT extends NodeDirectoryContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Override
  protected NodeDirectory newDirectory(Duration staleAfter, Clock clock) {
    return redis.newCache().nodeStaleAfter(staleAfter).clock(clock).buildWith(redis.client()).nodeDirectory();
  }
}
