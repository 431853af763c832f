package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.testing.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pub/sub drops notices while the connection is down, so a subscriber must be told when Redisson
 * has subscribed again after a reconnection (the caches then drop everything). Runs its own
 * redis-server, kills and restarts it; never the shared one.
 */
class RedisChangeFeedReconnectIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path logDir;

  @Test
  void aSubscriberIsToldWhenItIsSubscribedAgainAfterRedisCameBack() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start(logDir);
        RedisCache cache = RedisCache.builder().singleServer(redis.url()).keyPrefix("feed-reconnect-it:").build()) {
      ChangeFeed feed = cache.changeFeed();
      AtomicInteger resubscribed = new AtomicInteger();
      List<String> keys = new CopyOnWriteArrayList<>();
      feed.subscribe("presence", new ChangeFeed.Listener() {
        @Override
        public void changed(String key) {
          keys.add(key);
        }

        @Override
        public void resubscribed() {
          resubscribed.incrementAndGet();
        }
      });
      // A notice heard means the subscribe reply before it was handled too: the count is settled.
      feed.publish("presence", "1");
      await().atMost(WAIT).until(() -> keys.contains("1"));
      int before = resubscribed.get();

      redis.kill();
      redis.restart();

      await().atMost(WAIT).until(() -> resubscribed.get() > before);
      await().atMost(WAIT).untilAsserted(() -> {
        feed.publish("presence", "42");
        assertThat(keys).contains("42");
      });
    }
  }
}
