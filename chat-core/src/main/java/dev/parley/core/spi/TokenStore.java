package dev.parley.core.spi;

import dev.parley.core.model.SessionToken;
import java.util.Optional;

/**
 * Session tokens: random, unguessable, expiring after the store's TTL. Implementations are
 * thread-safe and may block.
 */
public interface TokenStore {
  /** Issues a new token for {@code userId}. */
  SessionToken issue(long userId);

  /** The token's owner and expiry when it is known, unrevoked and unexpired. */
  Optional<SessionToken> verify(String token);

  /** Revokes the token; unknown tokens are ignored. */
  void revoke(String token);
}
