package dev.parley.cache.redis.internal;

import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * {@link TokenStore} on Redis: a token is 32 {@link SecureRandom} bytes, base64url without padding
 * (43 characters). Only its SHA-256 digest is stored, so a copy of the Redis data does not hand
 * out usable bearer tokens:
 * <ul>
 *   <li>{@code token:<digest>}: the string
 *       {@code userId|expiresAtMs|issuedAtMs|lastSeenAtMs|PLATFORM|deviceId|deviceName} (the name
 *       last, so it may hold any character; device ids never hold {@code |});
 *   <li>{@code tokens:<userId>}: the user's sorted set of members {@code <digest>|<deviceId>}
 *       ({@code <digest>|} for a token tied to no device), scored by issue time.
 * </ul>
 * The set is the authority: a token verifies only while its member is in its user's set, so
 * {@link #revokeAll}, {@link #revokeDevice}, the per-user bound and the same-device rule of
 * {@link #issue(long, DeviceInfo)} are each one atomic script on one key (no multi-key script, so
 * every key may live in a different Redis Cluster slot), and the token keys they leave behind are
 * deleted afterwards as clean-up. {@link #markSeen} is a script on the token key that only moves
 * the time forward. Expiry is judged by the injected clock; the keys' Redis TTLs are only clean-up.
 * Times are kept in milliseconds (the clock's instant is truncated to them). Verify costs two round
 * trips (the token key, then the set). Token keys written before devices existed
 * ({@code "<userId>:<expiresAt ISO-8601>"}, bare digests in the set) still verify, as tokens of no
 * device.
 *
 * <p>{@link #liveTokens} cannot return bearer tokens, which are not stored: the {@code token} of
 * each is the hex SHA-256 digest instead, an opaque handle that never verifies. Thread-safe.
 */
public final class RedisTokenStore implements TokenStore {
  private static final int TOKEN_BYTES = 32;
  private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final LuaScript ISSUE = LuaScript.load("token_issue");
  private static final LuaScript REVOKE_ALL = LuaScript.load("token_revoke_all");
  private static final LuaScript REVOKE_DEVICE = LuaScript.load("token_revoke_device");
  private static final LuaScript MARK_SEEN = LuaScript.load("token_mark_seen");

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
  public SessionToken issue(long userId, DeviceInfo device) {
    Objects.requireNonNull(device, "device");
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = Instant.ofEpochMilli(clock.millis());
    SessionToken issued = new SessionToken(token, userId, now.plus(ttl), device, now, now);
    String digest = digest(token);
    long cleanup = KeySpace.cleanupMillis(ttl);
    // The token key first: should the script then fail, the key verifies nothing and expires.
    RedisCall.run("token issue", () -> bucket(digest).set(encode(issued), Duration.ofMillis(cleanup)));
    List<Object> revoked = RedisCall.run("token issue", () -> ISSUE.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.MULTI, List.of(keys.userTokens(userId)), memberOf(digest, device.deviceId()),
        String.valueOf(now.toEpochMilli()), String.valueOf(ttl.toMillis()), String.valueOf(maxTokensPerUser),
        String.valueOf(cleanup), device.deviceId()));
    deleteTokenKeys(revoked);
    return issued;
  }

  @Override
  public Optional<SessionToken> verify(String token) {
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return Optional.empty();
    }
    String digest = digest(token);
    String value = RedisCall.run("token verify", () -> bucket(digest).get());
    Stored stored = value == null ? null : Stored.parse(token, digest, value);
    if (stored == null || !clock.instant().isBefore(stored.token.expiresAt())) {
      return Optional.empty();
    }
    Double issued = RedisCall.run("token verify", () -> userTokens(stored.token.userId()).getScore(stored.member));
    return issued == null ? Optional.empty() : Optional.of(stored.token);
  }

  @Override
  public void revoke(String token) {
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return;
    }
    String digest = digest(token);
    String value = RedisCall.run("token revoke", () -> bucket(digest).getAndDelete());
    Stored stored = value == null ? null : Stored.parse(token, digest, value);
    if (stored != null) {
      RedisCall.run("token revoke", () -> userTokens(stored.token.userId()).remove(stored.member));
    }
  }

  @Override
  public void revokeAll(long userId) {
    List<Object> revoked = RedisCall.run("token revoke all", () -> REVOKE_ALL.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.MULTI, List.of(keys.userTokens(userId))));
    deleteTokenKeys(revoked);
  }

  @Override
  public int revokeDevice(long userId, String deviceId) {
    Objects.requireNonNull(deviceId, "deviceId");
    if (deviceId.isEmpty()) {
      return 0; // tokens tied to no device are no device
    }
    List<Object> revoked = RedisCall.run("token revoke device", () -> REVOKE_DEVICE.eval(redis,
        RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, List.of(keys.userTokens(userId)), deviceId,
        String.valueOf(clock.millis()), String.valueOf(ttl.toMillis())));
    deleteTokenKeys(revoked);
    return revoked == null ? 0 : revoked.size();
  }

  /** The user's set in issue order, then each token key, pipelined in one round trip. */
  @Override
  public List<SessionToken> liveTokens(long userId) {
    List<String> members = RedisCall.run("token live", () -> List.copyOf(userTokens(userId).valueRange(0, -1)));
    if (members.isEmpty()) {
      return List.of();
    }
    RBatch batch = redis.createBatch(BatchOptions.defaults());
    List<RFuture<String>> values = new ArrayList<>(members.size());
    for (String m : members) {
      values.add(batch.<String>getBucket(keys.token(digestOf(m)), StringCodec.INSTANCE).getAsync());
    }
    RedisCall.run("token live", () -> batch.execute());
    Instant now = clock.instant();
    List<SessionToken> out = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      String digest = digestOf(members.get(i));
      String value = values.get(i).toCompletableFuture().join();
      Stored stored = value == null ? null : Stored.parse(digest, digest, value);
      if (stored != null && stored.member.equals(members.get(i)) && stored.token.userId() == userId
          && now.isBefore(stored.token.expiresAt())) {
        out.add(stored.token);
      }
    }
    return out;
  }

  @Override
  public void markSeen(String token, Instant at) {
    Objects.requireNonNull(at, "at");
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return;
    }
    RedisCall.run("token mark seen", () -> MARK_SEEN.<Long>eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, List.of(keys.token(digest(token))), String.valueOf(at.toEpochMilli())));
  }

  /** Clean-up of tokens the user's set no longer holds; they verify nothing already. */
  private void deleteTokenKeys(List<Object> members) {
    if (members != null && !members.isEmpty()) {
      String[] names = members.stream().map(m -> keys.token(digestOf((String) m))).toArray(String[]::new);
      RedisCall.run("token clean-up", () -> redis.getKeys().delete(names));
    }
  }

  private RBucket<String> bucket(String digest) {
    return redis.getBucket(keys.token(digest), StringCodec.INSTANCE);
  }

  private RScoredSortedSet<String> userTokens(long userId) {
    return redis.getScoredSortedSet(keys.userTokens(userId), StringCodec.INSTANCE);
  }

  /** The member of the user's set for a token: its digest and device id. */
  private static String memberOf(String digest, String deviceId) {
    return digest + "|" + deviceId;
  }

  /** The digest a set member starts with (a member from before devices is a bare digest). */
  private static String digestOf(String member) {
    int bar = member.indexOf('|');
    return bar < 0 ? member : member.substring(0, bar);
  }

  /** The token key's value. */
  private static String encode(SessionToken t) {
    DeviceInfo d = t.device();
    return t.userId() + "|" + t.expiresAt().toEpochMilli() + "|" + t.issuedAt().toEpochMilli() + "|"
        + t.lastSeenAt().toEpochMilli() + "|" + d.platform().name() + "|" + d.deviceId() + "|" + d.name();
  }

  private static String digest(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }

  /** A token key's value, decoded: the token and its member in the user's set. */
  private record Stored(SessionToken token, String member) {
    /** Null when {@code value} is not a token key's value. */
    static Stored parse(String token, String digest, String value) {
      try {
        if (value.indexOf('|') < 0) { // written before devices: "<userId>:<expiresAt ISO-8601>"
          int colon = value.indexOf(':');
          SessionToken t = new SessionToken(token, Long.parseLong(value.substring(0, colon)),
              Instant.parse(value.substring(colon + 1)));
          return new Stored(t, digest);
        }
        String[] f = value.split("\\|", 7);
        if (f.length != 7) {
          return null;
        }
        DeviceInfo device = new DeviceInfo(f[5], Platform.valueOf(f[4]), f[6]);
        SessionToken t = new SessionToken(token, Long.parseLong(f[0]), Instant.ofEpochMilli(Long.parseLong(f[1])),
            device, Instant.ofEpochMilli(Long.parseLong(f[2])), Instant.ofEpochMilli(Long.parseLong(f[3])));
        return new Stored(t, memberOf(digest, device.deviceId()));
      } catch (RuntimeException e) {
        return null; // not written by this class
      }
    }
  }
}
