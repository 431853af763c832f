package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.contract.ChangeFeedContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change-feed contract against a real Redis: each "node" is its own Redisson client (its own
 * pub/sub connection) under the test's key prefix.
 */
class RedisChangeFeedIT extends ChangeFeedContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private String prefix;

  @Override
  protected ChangeFeed newNodeFeed() {
    if (prefix == null) {
      prefix = redis.newPrefix();
    }
    return redis.ownedCache(prefix).changeFeed();
  }

  @Test
  void anotherPrefixIsAnotherDeployment() {
    ChangeFeed mine = newNodeFeed();
    ChangeFeed theirs = redis.ownedCache(redis.newPrefix()).changeFeed();
    Recording onTheirs = new Recording();
    theirs.subscribe("friendships", onTheirs);
    Recording onMine = new Recording();
    mine.subscribe("friendships", onMine);

    mine.publish("friendships", "1:2");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onMine.keys).containsExactly("1:2"));
    assertThat(onTheirs.keys).isEmpty();
  }
}
