package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.contract.TokenStoreContract;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RKeys;

/** The token contract against a real Redis, under a fresh key prefix per test, plus its key hygiene. */
class RedisTokenStoreIT extends TokenStoreContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private String prefix;

  @Override
  protected TokenStore newStore(Duration ttl, Clock clock) {
    RedisCacheBuilder b = redis.newCache();
    prefix = b.keyPrefix;
    return b.tokenTtl(ttl).clock(clock).buildWith(redis.client()).tokens();
  }

  @Override
  protected TokenStore newStore(Duration ttl, Clock clock, int maxTokensPerUser) {
    RedisCacheBuilder b = redis.newCache();
    prefix = b.keyPrefix;
    return b.tokenTtl(ttl).maxTokensPerUser(maxTokensPerUser).clock(clock).buildWith(redis.client()).tokens();
  }

  @Test
  void everyTokenKeyCarriesARedisTtlSoNothingLeaks() {
    long user = UniqueNames.userId();
    tokens.issue(user);
    tokens.issue(user);

    RKeys keys = redis.client().getKeys();
    Iterable<String> all = keys.getKeysByPattern(prefix + "*");
    assertThat(all).hasSize(3); // two token keys and the user's set
    for (String key : all) {
      assertThat(keys.remainTimeToLive(key)).as("TTL of %s", key).isPositive();
    }
  }

  @Test
  void revokeAllAndTheBoundDeleteTheKeysTheyRevoke() {
    TokenStore bounded = newStore(TTL, clock, 1);
    long user = UniqueNames.userId();
    bounded.issue(user);
    bounded.issue(user);
    RKeys keys = redis.client().getKeys();
    assertThat(keys.getKeysByPattern(prefix + "token:*")).as("the evicted token's key is gone").hasSize(1);

    bounded.revokeAll(user);

    assertThat(keys.getKeysByPattern(prefix + "*")).isEmpty();
  }
}
