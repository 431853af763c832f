package dev.parley.core.spi;

import dev.parley.core.model.SessionToken;
import java.time.Duration;
import java.util.Optional;

/**
 * Session tokens: random, unguessable, expiring after the store's TTL. A user holds at most the
 * store's bound of live tokens ({@link #DEFAULT_MAX_TOKENS_PER_USER} unless configured): issuing
 * one more revokes that user's oldest. Implementations are thread-safe and may block.
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

  /** Issues a new token for {@code userId}, revoking the user's oldest live tokens past the bound. */
  SessionToken issue(long userId);

  /** The token's owner and expiry when it is known, unrevoked and unexpired. */
  Optional<SessionToken> verify(String token);

  /** Revokes the token; unknown tokens are ignored. */
  void revoke(String token);

  /** Revokes every token of {@code userId} (none of another user's); a user without tokens is ignored. */
  void revokeAll(long userId);
}
