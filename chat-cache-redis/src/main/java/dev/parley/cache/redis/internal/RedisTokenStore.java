package dev.parley.cache.redis.internal;

import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.redisson.api.RBucket;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * {@link TokenStore} on Redis: a token is 32 {@link SecureRandom} bytes, base64url without padding
 * (43 characters). It is stored under {@code token:<sha256(token)>} as {@code
 * "<userId>:<expiresAt as ISO-8601>"}, so a copy of the Redis data does not hand out usable bearer
 * tokens, and its digest is a member of the user's sorted set {@code tokens:<userId>}, scored by
 * issue time. The set is the authority: a token verifies only while its digest is in its user's
 * set, so {@link #revokeAll} and the per-user bound are each one atomic script on one key (no
 * multi-key script, so every key may live in a different Redis Cluster slot), and the token keys
 * they leave behind are deleted afterwards as clean-up. Expiry is judged by the injected clock; the
 * keys' Redis TTLs are only clean-up. Verify costs two round trips (the token key, then the set).
 * Thread-safe.
 */
public final class RedisTokenStore implements TokenStore {
  private static final int TOKEN_BYTES = 32;
  private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final LuaScript ISSUE = LuaScript.load("token_issue");
  private static final LuaScript REVOKE_ALL = LuaScript.load("token_revoke_all");

  private final RedissonClient redis;
  private final KeySpace keys;
  private final Duration ttl;
  private final int maxTokensPerUser;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Tokens that live {@code ttl} by {@code clock}, at most {@code maxTokensPerUser} live per user. */
  public RedisTokenStore(RedissonClient redis, KeySpace keys, Duration ttl, int maxTokensPerUser, Clock clock) {
    if (maxTokensPerUser < 1) {
      throw new IllegalArgumentException("maxTokensPerUser must be at least 1, got " + maxTokensPerUser);
    }
    this.maxTokensPerUser = maxTokensPerUser;
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public SessionToken issue(long userId, dev.parley.core.model.DeviceInfo d) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    String digest = digest(token);
    long cleanup = KeySpace.cleanupMillis(ttl);
    // The token key first: should the script then fail, the key verifies nothing and expires.
    RedisCall.run("token issue", () -> bucket(digest).set(userId + ":" + expiresAt, Duration.ofMillis(cleanup)));
    List<Object> revoked = RedisCall.run("token issue", () -> ISSUE.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.MULTI, List.of(keys.userTokens(userId)), digest, String.valueOf(now.toEpochMilli()),
        String.valueOf(ttl.toMillis()), String.valueOf(maxTokensPerUser), String.valueOf(cleanup)));
    deleteTokenKeys(revoked);
    return new SessionToken(token, userId, expiresAt);
  }

  @Override
  public Optional<SessionToken> verify(String token) {
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return Optional.empty();
    }
    String digest = digest(token);
    String value = RedisCall.run("token verify", () -> bucket(digest).get());
    if (value == null) {
      return Optional.empty();
    }
    int colon = value.indexOf(':');
    long userId = Long.parseLong(value.substring(0, colon));
    Instant expiresAt = Instant.parse(value.substring(colon + 1));
    if (!clock.instant().isBefore(expiresAt)) {
      return Optional.empty();
    }
    Double issued = RedisCall.run("token verify", () -> userTokens(userId).getScore(digest));
    return issued == null ? Optional.empty() : Optional.of(new SessionToken(token, userId, expiresAt));
  }

  @Override
  public void revoke(String token) {
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return;
    }
    String digest = digest(token);
    String value = RedisCall.run("token revoke", () -> bucket(digest).getAndDelete());
    if (value != null) {
      long userId = Long.parseLong(value.substring(0, value.indexOf(':')));
      RedisCall.run("token revoke", () -> userTokens(userId).remove(digest));
    }
  }

  @Override
  public void revokeAll(long userId) {
    List<Object> revoked = RedisCall.run("token revoke all", () -> REVOKE_ALL.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.MULTI, List.of(keys.userTokens(userId))));
    deleteTokenKeys(revoked);
  }

  /** Clean-up of tokens the user's set no longer holds; they verify nothing already. */
  private void deleteTokenKeys(List<Object> digests) {
    if (digests != null && !digests.isEmpty()) {
      String[] names = digests.stream().map(d -> keys.token((String) d)).toArray(String[]::new);
      RedisCall.run("token clean-up", () -> redis.getKeys().delete(names));
    }
  }

  private RBucket<String> bucket(String digest) {
    return redis.getBucket(keys.token(digest), StringCodec.INSTANCE);
  }

  private RScoredSortedSet<String> userTokens(long userId) {
    return redis.getScoredSortedSet(keys.userTokens(userId), StringCodec.INSTANCE);
  }

  private static String digest(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }
  @Override public int revokeDevice(long u, String d) { throw new UnsupportedOperationException("TEMP"); }
  @Override public java.util.List<SessionToken> liveTokens(long u) { throw new UnsupportedOperationException("TEMP"); }
  @Override public void markSeen(String t, java.time.Instant at) { throw new UnsupportedOperationException("TEMP"); }
}
