package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.contract.NodeDirectoryContract;
import dev.parley.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

/** The node directory contract against a real Redis; each directory gets its own key prefix, so it starts empty. */
class RedisNodeDirectoryIT extends NodeDirectoryContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Override
  protected NodeDirectory newDirectory(Duration staleAfter, Clock clock) {
    return redis.newCache().nodeStaleAfter(staleAfter).clock(clock).buildWith(redis.client()).nodeDirectory();
  }

  @Test
  void aHashWrittenBeforeTlsAndWebSocketExistedReadsAsPlaintextWithoutWebSocket() {
    MutableClock now = new MutableClock();
    RedisCache cache = redis.newCache().clock(now).buildWith(redis.client());
    NodeDirectory nodes = cache.nodeDirectory();
    nodes.register(new ChatNodeInfo("old", "10.0.0.1", 7000, "10.0.0.1", 9000, 2, Instant.EPOCH, true, 7001));
    // what an older version wrote: the same hash without the two fields
    redis.client().getMap(cache.keyPrefix() + "{nodes}:node:old", StringCodec.INSTANCE).fastRemove("tls", "wsport");

    assertThat(nodes.find("old").orElseThrow()).extracting(ChatNodeInfo::tls, ChatNodeInfo::wsPort)
        .containsExactly(false, 0);
    assertThat(nodes.liveNodes()).singleElement().extracting(ChatNodeInfo::tls, ChatNodeInfo::wsPort)
        .containsExactly(false, 0);
    assertThat(nodes.assign().orElseThrow()).extracting(ChatNodeInfo::tls, ChatNodeInfo::wsPort)
        .containsExactly(false, 0);
  }
}
