package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.contract.TokenStoreContract;
import dev.parley.core.testing.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RKeys;
import org.redisson.client.codec.StringCodec;

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

  @Test
  void aTokenWrittenBeforeDevicesStillVerifiesAsNoDevice() throws Exception {
    long user = UniqueNames.userId();
    String token = "A".repeat(43);
    String digest = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    Instant expiresAt = clock.instant().plus(TTL);
    redis.client().getBucket(prefix + "token:" + digest, StringCodec.INSTANCE).set(user + ":" + expiresAt);
    redis.client().getScoredSortedSet(prefix + "tokens:" + user, StringCodec.INSTANCE)
        .add(clock.millis(), digest);

    assertThat(tokens.verify(token)).hasValueSatisfying(t -> {
      assertThat(t.userId()).isEqualTo(user);
      assertThat(t.expiresAt()).isEqualTo(expiresAt);
      assertThat(t.device()).isEqualTo(DeviceInfo.UNNAMED);
    });
    assertThat(tokens.liveTokens(user)).hasSize(1);
    tokens.issue(user, new DeviceInfo("phone", Platform.MOBILE, ""));
    assertThat(tokens.verify(token)).as("a device's token does not revoke it").isPresent();
    tokens.revoke(token);
    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void liveTokensHandOutDigestsNotBearerTokens() {
    long user = UniqueNames.userId();
    SessionToken t = tokens.issue(user);
    String handle = tokens.liveTokens(user).get(0).token();
    assertThat(handle).isNotEqualTo(t.token()).matches("[0-9a-f]{64}");
    assertThat(tokens.verify(handle)).isEmpty();
  }

  @Test
  void markSeenKeepsTheKeysTtlAndNeverRecreatesARevokedKey() {
    long user = UniqueNames.userId();
    SessionToken t = tokens.issue(user);
    tokens.markSeen(t.token(), clock.instant().plusSeconds(5));
    RKeys keys = redis.client().getKeys();
    for (String key : keys.getKeysByPattern(prefix + "token:*")) {
      assertThat(keys.remainTimeToLive(key)).as("TTL of %s", key).isPositive();
    }
    tokens.revoke(t.token());
    tokens.markSeen(t.token(), clock.instant().plusSeconds(10));
    assertThat(keys.getKeysByPattern(prefix + "token:*")).isEmpty();
  }
}
