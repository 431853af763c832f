package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.config.Config;

/** RedisCache as a whole: configuration, key isolation, clean-up TTLs, bulk refresh, failures. */
class RedisCacheIT {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private final MutableClock clock = new MutableClock();

  private RedisCacheBuilder builder() {
    return redis.newCache().clock(clock);
  }

  @Test
  void builderRejectsBadArgumentsOneByOne() {
    RedisCacheBuilder b = RedisCache.builder();
    assertThatThrownBy(() -> b.singleServer("localhost:6379")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://host:port");
    assertThatThrownBy(() -> b.cluster()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.sentinel(" ", "redis://s:26379")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.keyPrefix("{tag}:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key prefix");
    assertThatThrownBy(() -> b.keyPrefix("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.presenceTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.tokenTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.codeMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.database(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void buildChecksTheCombination() {
    assertThatThrownBy(() -> RedisCache.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one of singleServer, sentinel or cluster");
    assertThatThrownBy(() -> RedisCache.builder().singleServer("redis://a:1").cluster("redis://b:2").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SINGLE_SERVER, CLUSTER");
    assertThatThrownBy(() -> RedisCache.builder().cluster("redis://a:7000").database(2).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("database 2");
    assertThatThrownBy(() -> RedisCache.builder().singleServer("redis://a:1").buildWith(client()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("client's own connection");
  }

  @Test
  void buildConnectsAndCloseShutsTheOwnedClientDown() {
    RedisCache cache = builder().singleServer(TestRedis.url()).build();
    PresenceRegistry presence = cache.presence();
    presence.bind(binding(7, "node-a", "s1"), LoginPolicy.single());
    assertThat(presence.sessions(7)).singleElement().satisfies(b -> assertThat(b.sessionId()).isEqualTo("s1"));

    cache.close();

    assertThatThrownBy(() -> presence.sessions(7)).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }

  @Test
  void closeLeavesACallersClientRunning() {
    RedisCache cache = builder().buildWith(client());
    cache.close();
    assertThat(cache.tokens().verify(cache.tokens().issue(3).token())).isPresent();
  }

  @Test
  void twoPrefixesDoNotSeeEachOther() {
    RedisCache a = builder().buildWith(client());
    RedisCache b = builder().buildWith(client());

    a.presence().bind(binding(1, "node-a", "s1"), LoginPolicy.single());
    SessionToken token = a.tokens().issue(1);
    a.verificationCodes().store("x@example.com", CodePurpose.REGISTER, "123456");
    a.nodeDirectory().register(node("n1"));
    assertThat(a.rateLimiter().tryAcquire("login:x", 1, Duration.ofMinutes(1))).isEmpty();

    assertThat(b.presence().sessions(1)).isEmpty();
    assertThat(b.tokens().verify(token.token())).isEmpty();
    assertThat(b.verificationCodes().verify("x@example.com", CodePurpose.REGISTER, "123456")).isEqualTo(CodeCheck.MISSING);
    assertThat(b.nodeDirectory().liveNodes()).isEmpty();
    assertThat(b.nodeDirectory().assign()).isEmpty();
    assertThat(b.rateLimiter().tryAcquire("login:x", 1, Duration.ofMinutes(1))).isEmpty();

    // and a still sees all of it
    assertThat(a.presence().sessions(1)).hasSize(1);
    assertThat(a.tokens().verify(token.token())).isPresent();
    assertThat(a.nodeDirectory().liveNodes()).extracting(ChatNodeInfo::nodeId).containsExactly("n1");
    assertThat(a.rateLimiter().tryAcquire("login:x", 1, Duration.ofMinutes(1))).isPresent();
    assertThat(a.verificationCodes().verify("x@example.com", CodePurpose.REGISTER, "123456")).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void everyKeyGetsACleanUpTtlOfItsLifetimePlusTheGrace() {
    String prefix = redis.newPrefix();
    RedisCache cache = RedisCache.builder().keyPrefix(prefix).clock(clock).presenceTtl(Duration.ofSeconds(30))
        .tokenTtl(Duration.ofHours(2)).codeTtl(Duration.ofMinutes(10)).codeIssueInterval(Duration.ofSeconds(60))
        .nodeStaleAfter(Duration.ofSeconds(15)).buildWith(client());

    cache.presence().bind(binding(1, "node-a", "s1"), LoginPolicy.single());
    cache.tokens().issue(1);
    cache.verificationCodes().store("ttl@example.com", CodePurpose.RESET_PASSWORD, "654321");
    cache.nodeDirectory().register(node("n1"));
    cache.rateLimiter().tryAcquire("ip:1.2.3.4", 10, Duration.ofMinutes(5));
    cache.loginLock().withLock(1, () -> "done");

    Map<String, Duration> expected = Map.of(
        "presence:", Duration.ofSeconds(30),
        "token:", Duration.ofHours(2),
        "tokens:", Duration.ofHours(2),
        "code:", Duration.ofMinutes(10),
        "{nodes}:", Duration.ofSeconds(15),
        "ratelog:", Duration.ofMinutes(5));
    List<String> keys = new ArrayList<>();
    client().getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + "*")).forEach(keys::add);
    // presence, token, the user's token set, code, node set, node hash, rate log; the lock is gone
    assertThat(keys).hasSize(7);
    for (String key : keys) {
      String kind = expected.keySet().stream().filter(k -> key.startsWith(prefix + k)).findFirst().orElseThrow();
      long pttl = client().getBucket(key).remainTimeToLive();
      long max = expected.get(kind).plusMinutes(1).toMillis();
      assertThat(pttl).as("PTTL of %s", key).isBetween(max - 10_000, max);
    }
  }

  @Test
  void refreshesManySessionsInOneCall() {
    Duration ttl = Duration.ofSeconds(30);
    PresenceRegistry presence = builder().presenceTtl(ttl).buildWith(client()).presence();
    int users = 1_300; // two sessions each: more than one pipelined chunk of 2,000 sessions
    int threads = 4;
    Concurrently.call(threads, t -> {
      for (long u = 1 + t; u <= users; u += threads) {
        presence.bind(binding(u, "node-a", "a" + u), LoginPolicy.multi(2));
        presence.bind(binding(u, "node-b", "b" + u), LoginPolicy.multi(2));
      }
      return null;
    });
    List<SessionRef> sessions = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (long u = 1; u <= users; u++) {
      sessions.add(new SessionRef(u, u % 10 == 0 ? "stale-session" : "a" + u)); // every tenth logged out since
      sessions.add(new SessionRef(u, "b" + u));
      ids.add(u);
    }
    sessions.add(new SessionRef(999_999L, "never-bound"));
    ids.add(999_999L);

    clock.advance(Duration.ofSeconds(20));
    assertThat(presence.refresh(sessions)).isEqualTo(2 * users - users / 10);

    clock.advance(Duration.ofSeconds(20)); // 40 s after binding, 20 s after the refresh
    Map<Long, List<PresenceBinding>> live = presence.lookupAll(ids);
    assertThat(live).hasSize(users).doesNotContainKeys(999_999L);
    assertThat(live.get(10L)).extracting(PresenceBinding::sessionId).containsExactly("b10");
    assertThat(live.get(1L)).extracting(PresenceBinding::sessionId).containsExactlyInAnyOrder("a1", "b1");
    assertThat(live.values().stream().mapToInt(List::size).sum()).isEqualTo(2 * users - users / 10);

    assertThat(presence.refresh(List.of())).isZero();
    assertThat(presence.lookupAll(List.of())).isEmpty();
  }

  @Test
  void buildFailsWithUnavailableWhenNothingListens() throws IOException {
    int port = closedPort();
    assertThatThrownBy(() -> RedisCache.builder().singleServer("redis://127.0.0.1:" + port)
            .connectTimeout(Duration.ofMillis(500)).retryAttempts(0).build())
        .isInstanceOfSatisfying(ChatException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(e.getMessage()).contains("Redis is unavailable", "127.0.0.1:" + port);
        });
  }

  @Test
  void everySpiFailsWithUnavailableWhenRedisIsUnreachable() throws IOException {
    Config config = new Config().setLazyInitialization(true);
    config.useSingleServer().setAddress("redis://127.0.0.1:" + closedPort()).setConnectTimeout(300)
        .setRetryAttempts(0).setTimeout(500);
    RedissonClient unreachable = Redisson.create(config);
    try {
      RedisCache cache = RedisCache.builder().loginLockWait(Duration.ofMillis(300)).buildWith(unreachable);
      List<Runnable> calls = List.of(
          () -> cache.presence().bind(binding(1, "n", "s"), LoginPolicy.single()),
          () -> cache.presence().unbind(1, "s"),
          () -> cache.presence().sessions(1),
          () -> cache.presence().refresh(List.of(new SessionRef(1, "s"))),
          () -> cache.presence().lookupAll(List.of(1L, 2L)),
          () -> cache.tokens().issue(1),
          () -> cache.tokens().liveTokens(1),
          () -> cache.tokens().revokeDevice(1, "phone"),
          () -> cache.verificationCodes().verify("a@example.com", CodePurpose.REGISTER, "1"),
          () -> cache.nodeDirectory().assign(),
          () -> cache.rateLimiter().tryAcquire("k", 1, Duration.ofSeconds(1)),
          () -> cache.loginLock().withLock(1, () -> "never runs"));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ChatException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
      }
    } finally {
      unreachable.shutdown();
    }
  }

  private static RedissonClient client() {
    return redis.client();
  }

  private static PresenceBinding binding(long userId, String nodeId, String sessionId) {
    return new PresenceBinding(userId, nodeId, sessionId, Instant.EPOCH);
  }

  private static ChatNodeInfo node(String id) {
    return new ChatNodeInfo(id, "127.0.0.1", 7000, "127.0.0.1", 7100, 0, Instant.EPOCH);
  }

  /** A port nothing listens on: bound once by us, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
