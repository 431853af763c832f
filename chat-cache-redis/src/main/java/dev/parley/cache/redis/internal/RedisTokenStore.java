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
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * {@link TokenStore} on Redis: a token is 32 {@link SecureRandom} bytes, base64url without padding
 * (43 characters). It is stored under {@code token:<sha256(token)>} as {@code
 * "<userId>:<expiresAt as ISO-8601>"}, so a copy of the Redis data does not hand out usable bearer
 * tokens. Expiry is judged by the injected clock; the key's Redis TTL is only clean-up. Every
 * operation is a single-key command. Thread-safe.
 */
public final class RedisTokenStore implements TokenStore {
  private static final int TOKEN_BYTES = 32;
  private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final RedissonClient redis;
  private final KeySpace keys;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public RedisTokenStore(RedissonClient redis, KeySpace keys, Duration ttl, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public SessionToken issue(long userId) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = clock.instant().plus(ttl);
    SessionToken issued = new SessionToken(token, userId, expiresAt);
    RedisCall.run("token issue", () -> bucket(token)
        .set(userId + ":" + expiresAt, Duration.ofMillis(KeySpace.cleanupMillis(ttl))));
    return issued;
  }

  @Override
  public Optional<SessionToken> verify(String token) {
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return Optional.empty();
    }
    String value = RedisCall.run("token verify", () -> bucket(token).get());
    if (value == null) {
      return Optional.empty();
    }
    int colon = value.indexOf(':');
    long userId = Long.parseLong(value.substring(0, colon));
    Instant expiresAt = Instant.parse(value.substring(colon + 1));
    if (!clock.instant().isBefore(expiresAt)) {
      return Optional.empty();
    }
    return Optional.of(new SessionToken(token, userId, expiresAt));
  }

  @Override
  public void revoke(String token) {
    if (token != null && TOKEN_SHAPE.matcher(token).matches()) {
      RedisCall.run("token revoke", () -> bucket(token).delete());
    }
  }

  private RBucket<String> bucket(String token) {
    return redis.getBucket(keys.token(digest(token)), StringCodec.INSTANCE);
  }

  private static String digest(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }
}
