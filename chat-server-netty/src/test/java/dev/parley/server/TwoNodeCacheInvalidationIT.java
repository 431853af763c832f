package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.cache.redis.RedisCache;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.DelegatingFriendStore;
import dev.parley.server.testing.TestChatClient;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Two chat nodes, each with its own Redis client, sharing a (blocking) friend store and Redis
 * presence, so each puts its caches in front of them and hears the other's changes over Redis
 * pub/sub. A friend removed on one node is refused on the other within a few seconds (the caches'
 * TTLs are 30 s and 10 s: only the notice can make it that quick), and a user who moves to the other
 * node gets the pushes there.
 */
class TwoNodeCacheInvalidationIT {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String REDIS = System.getenv().getOrDefault("PARLEY_REDIS_URL", "redis://127.0.0.1:6379");

  private final String prefix = "parley-test:" + UUID.randomUUID() + ":";
  private final AtomicInteger msgIds = new AtomicInteger();
  private RedissonClient client1;
  private RedissonClient client2;
  private ChatCluster cluster;
  private ChatNode node1;
  private ChatNode node2;
  private TestUser ann;
  private TestUser bob;

  @BeforeEach
  void start() {
    client1 = redisson();
    client2 = redisson();
    NodeDirectory directory = new InMemoryNodeDirectory(NodeDirectory.DEFAULT_STALE_AFTER, Clock.systemUTC());
    cluster = new ChatCluster(new InMemoryPresenceRegistry(), directory);
    DelegatingFriendStore friends = new DelegatingFriendStore(cluster.friends); // as a database: cached
    node1 = startNode("node-1", RedisCache.builder().keyPrefix(prefix).buildWith(client1), friends);
    node2 = startNode("node-2", RedisCache.builder().keyPrefix(prefix).buildWith(client2), friends);
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
  }

  private ChatNode startNode(String id, RedisCache redis, DelegatingFriendStore friends) {
    return cluster.startNode(id, ChatLimits.defaults(), b -> b.friendStore(friends)
        .presenceRegistry(redis.presence()).changeFeed(redis.changeFeed()));
  }

  @AfterEach
  void stop() {
    cluster.close();
    client1.getKeys().deleteByPattern(prefix + "*");
    client1.shutdown(0, 5, TimeUnit.SECONDS);
    client2.shutdown(0, 5, TimeUnit.SECONDS);
  }

  @Test
  void aFriendRemovedOnOneNodeIsRefusedOnTheOtherWithinTheBoundAndReAddingWorks() {
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient b = cluster.login(node2, bob);
    assertThat(send(a, bob).hasSendAck()).isTrue();
    assertThat(send(a, bob).hasSendAck()).isTrue(); // answered from node 1's cache
    assertThat(count("parley.cache.hits", "node-1", "friendships")).isGreaterThanOrEqualTo(1);

    assertThat(b.request(Requests.removeFriend(ann.id())).hasEmptyResponse()).isTrue();

    await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        assertThat(ChatNodeSessionTest.code(send(a, bob))).isEqualTo(ChatProtocol.ErrorCode.NOT_FRIENDS));

    assertThat(a.request(Requests.friendRequest(bob.id(), "again?")).hasError()).isFalse();
    assertThat(b.request(Requests.answer(ann.id(), true)).hasError()).isFalse(); // accepted on node 2
    await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        assertThat(send(a, bob).hasSendAck()).isTrue());
  }

  @Test
  void aUserWhoMovesToTheOtherNodeGetsThePushesThere() {
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient bobOn1 = cluster.login(node1, bob);
    assertThat(send(a, bob, "while on node 1").hasSendAck()).isTrue();
    assertThat(text(bobOn1.awaitPush(MESSAGE_EVENT, BOUND))).isEqualTo("while on node 1");
    assertThat(send(a, bob, "still on node 1").hasSendAck()).isTrue();
    assertThat(text(bobOn1.awaitPush(f -> f.hasMessageEvent() && text(f).equals("still on node 1"), BOUND)))
        .isNotNull();
    assertThat(count("parley.cache.hits", "node-1", "presence")).isGreaterThanOrEqualTo(1);

    TestChatClient bobOn2 = cluster.login(node2, bob); // node 2 binds and tells node 1

    // Node 1 pushes from its cache; only the notice makes it forget bob's session on node 1 in time.
    await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      String marker = "after the move " + msgIds.incrementAndGet();
      assertThat(send(a, bob, marker).hasSendAck()).isTrue();
      assertThat(bobOn2.awaitPush(f -> f.hasMessageEvent() && text(f).equals(marker), Duration.ofMillis(500)))
          .isNotNull();
    });
  }

  private Frame send(TestChatClient from, TestUser to) {
    return send(from, to, "hello");
  }

  private Frame send(TestChatClient from, TestUser to, String text) {
    return from.request(Requests.send(to.id(), "m" + msgIds.incrementAndGet(), text));
  }

  private static String text(Frame f) {
    return f == null ? null : f.getMessageEvent().getEntry().getMessage().getText();
  }

  private double count(String name, String node, String cache) {
    FunctionCounter c = cluster.meters.find(name).tag("node", node).tag("cache", cache).functionCounter();
    return c == null ? 0 : c.count();
  }

  private static RedissonClient redisson() {
    Config config = new Config();
    config.useSingleServer().setAddress(REDIS).setConnectionMinimumIdleSize(2).setConnectionPoolSize(8);
    return Redisson.create(config);
  }
}
