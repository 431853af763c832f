package dev.parley.core.memory;

import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenStore} in a concurrent map. Tokens are 32 bytes from {@link SecureRandom}, encoded
 * base64url without padding (43 characters). Thread-safe. Expiry is judged by the injected clock;
 * expired tokens are swept out at most once per TTL.
 */
public final class InMemoryTokenStore implements TokenStore, NonBlocking {
  private static final int TOKEN_BYTES = 32;

  private final Map<String, SessionToken> tokens = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Duration ttl;
  private final Clock clock;
  private final ExpirySweeper sweeper;

  /** A store with the default TTL ({@link TokenStore#DEFAULT_TTL}, 24 h) on the system UTC clock. */
  public InMemoryTokenStore() {
    this(DEFAULT_TTL, Clock.systemUTC());
  }

  /** A store whose tokens live {@code ttl} from issue, judged by {@code clock}. */
  public InMemoryTokenStore(Duration ttl, Clock clock) {
    this.ttl = Durations.requirePositive(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = new ExpirySweeper(ttl, clock);
  }

  @Override
  public SessionToken issue(long userId) {
    Instant now = clock.instant();
    sweepIfDue(now);
    while (true) {
      SessionToken token = new SessionToken(newTokenString(), userId, now.plus(ttl));
      // 256 random bits never collide in practice; the check makes it a guarantee
      if (tokens.putIfAbsent(token.token(), token) == null) {
        return token;
      }
    }
  }

  @Override
  public Optional<SessionToken> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    SessionToken found = tokens.get(token);
    return found != null && clock.instant().isBefore(found.expiresAt()) ? Optional.of(found) : Optional.empty();
  }

  @Override
  public void revoke(String token) {
    if (token != null) {
      tokens.remove(token);
    }
  }

  /** Entries held, expired ones not yet swept included; for clean-up tests. */
  int size() {
    return tokens.size();
  }

  private String newTokenString() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void sweepIfDue(Instant now) {
    if (sweeper.due(now)) {
      tokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    }
  }
}
