package dev.parley.core.spi;

import dev.parley.core.model.SessionToken;
import java.time.Duration;
import java.util.Optional;

/**
 * Session tokens: random, unguessable, expiring after the store's TTL. Implementations are
 * thread-safe and may block.
 */
public interface TokenStore {
  /**
   * DESIGN section 8: a session token lives 24 hours. The one default of the token lifetime: the
   * token store owns the TTL (in memory: {@code InMemoryTokenStore(ttl, clock)}; Redis:
   * {@code RedisCacheBuilder.tokenTtl}), and every implementation defaults to this.
   */
  Duration DEFAULT_TTL = Duration.ofHours(24);

  /** Issues a new token for {@code userId}. */
  SessionToken issue(long userId);

  /** The token's owner and expiry when it is known, unrevoked and unexpired. */
  Optional<SessionToken> verify(String token);

  /** Revokes the token; unknown tokens are ignored. */
  void revoke(String token);
}
