package dev.parley.core.spi;

import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.SessionToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Session tokens: random, unguessable, expiring after the store's TTL, each issued for one device
 * (or for none). A user holds at most the store's bound of live tokens
 * ({@link #DEFAULT_MAX_TOKENS_PER_USER} unless configured): issuing one more revokes that user's
 * oldest; issuing one for a device revokes that device's earlier tokens, so a user's live tokens
 * are also the user's signed-in devices. Implementations are thread-safe and may block.
 */
public interface TokenStore {
  /**
   * A session token lives 24 hours. The one default of the token lifetime: the token store owns
   * the TTL (in memory: {@code InMemoryTokenStore(ttl, clock)}; Redis: {@code RedisCacheBuilder.tokenTtl}),
   * and every implementation defaults to this.
   */
  Duration DEFAULT_TTL = Duration.ofHours(24);

  /** Live tokens a user may hold unless a store is configured otherwise. */
  int DEFAULT_MAX_TOKENS_PER_USER = 20;

  /** Issues a new token for {@code userId} tied to no device. */
  default SessionToken issue(long userId) {
    return issue(userId, DeviceInfo.UNNAMED);
  }

  /**
   * Issues a new token for {@code userId} on {@code device}: revokes that device's earlier tokens
   * (when it is {@link DeviceInfo#named() named}) and the user's oldest live tokens past the bound.
   */
  SessionToken issue(long userId, DeviceInfo device);

  /** The token's owner, device and expiry when it is known, unrevoked and unexpired. */
  Optional<SessionToken> verify(String token);

  /** Revokes the token; unknown tokens are ignored. */
  void revoke(String token);

  /** Revokes every token of {@code userId} (none of another user's); a user without tokens is ignored. */
  void revokeAll(long userId);

  /** Revokes every live token of {@code userId} issued for {@code deviceId}; returns how many live ones it revoked. */
  int revokeDevice(long userId, String deviceId);

  /**
   * The live tokens of {@code userId}, oldest issued first, for listing devices. A store that keeps
   * only digests of tokens (Redis) answers the digest in {@link SessionToken#token()}: an opaque
   * handle that never verifies; revoke a device with {@link #revokeDevice}, not by these values.
   */
  List<SessionToken> liveTokens(long userId);

  /** Records that a session with {@code token} logged in or ended at {@code at}; unknown tokens are ignored. */
  void markSeen(String token, Instant at);
}
