package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.contract.PresenceRegistryContract;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RMap;
import org.redisson.client.codec.StringCodec;

/** The presence contract against a real Redis, under a fresh key prefix per test, plus its key hygiene. */
class RedisPresenceRegistryIT extends PresenceRegistryContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private String prefix;

  @Override
  protected PresenceRegistry newRegistry(Duration ttl, Clock clock) {
    RedisCacheBuilder b = redis.newCache();
    prefix = b.keyPrefix;
    return b.presenceTtl(ttl).clock(clock).buildWith(redis.client()).presence();
  }

  private RMap<String, String> hash(long user) {
    return redis.client().getMap(prefix + "presence:" + user, StringCodec.INSTANCE);
  }

  @Test
  void oneHashPerUserWithOneFieldPerSessionAndACleanUpTtl() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "s1"), LoginPolicy.multi(3));
    registry.bind(new PresenceBinding(user, "node|x:1", "s2", "dev:2", Platform.WEB, Instant.EPOCH),
        LoginPolicy.multi(3));

    assertThat(hash(user).readAllMap()).containsOnlyKeys("s1", "s2");
    assertThat(registry.sessions(user)).filteredOn(b -> b.sessionId().equals("s2")).singleElement()
        .satisfies(b -> {
          assertThat(b.nodeId()).as("ids with separators survive").isEqualTo("node|x:1");
          assertThat(b.deviceId()).isEqualTo("dev:2");
          assertThat(b.platform()).isEqualTo(Platform.WEB);
        });
    long max = TTL.plusMinutes(1).toMillis();
    assertThat(hash(user).remainTimeToLive()).isBetween(max - 10_000, max);
  }

  @Test
  void bindDropsExpiredFieldsAndTheLastUnbindDeletesTheKey() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "old"), LoginPolicy.multi(3));
    clock.advance(TTL);
    registry.bind(session(user, "new"), LoginPolicy.multi(3));
    assertThat(hash(user).readAllMap()).containsOnlyKeys("new");

    registry.unbind(user, "new");
    assertThat(hash(user).isExists()).isFalse();
  }

  @Test
  void theHashNeverHoldsMoreThanTheHardBound() {
    long user = UniqueNames.userId();
    LoginPolicy most = LoginPolicy.multi(LoginPolicy.MAX_SESSIONS);
    for (int i = 0; i < LoginPolicy.MAX_SESSIONS + 10; i++) {
      registry.bind(session(user, "s" + i), most);
      assertThat(hash(user).size()).isLessThanOrEqualTo(LoginPolicy.MAX_SESSIONS);
    }
    assertThat(hash(user).size()).isEqualTo(LoginPolicy.MAX_SESSIONS);
  }
}
