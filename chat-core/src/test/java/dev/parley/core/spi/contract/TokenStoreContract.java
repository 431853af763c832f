package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link TokenStore}: random tokens, verify, revoke, expiry by the injected clock. */
public abstract class TokenStoreContract {
  protected static final Duration TTL = Duration.ofHours(1);
  private static final Duration MS = Duration.ofMillis(1);

  protected MutableClock clock;
  protected TokenStore tokens;

  /** A store whose tokens live {@code ttl}, by {@code clock}. */
  protected abstract TokenStore newStore(Duration ttl, Clock clock);

  @BeforeEach
  void createStore() {
    clock = new MutableClock();
    tokens = newStore(TTL, clock);
  }

  @Test
  void anIssuedTokenVerifiesAsItsUser() {
    long user = UniqueNames.userId();
    SessionToken t = tokens.issue(user);

    assertThat(t.userId()).isEqualTo(user);
    assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    assertThat(t.token()).as("at least 256 bits, URL-safe").matches("[A-Za-z0-9_-]{43,}");
    assertThat(tokens.verify(t.token())).contains(t);
  }

  @Test
  void tokensAreUnique() {
    long user = UniqueNames.userId();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      assertThat(seen.add(tokens.issue(i % 2 == 0 ? user : user + 1).token())).isTrue();
    }
  }

  @Test
  void unknownTokensDoNotVerify() {
    assertThat(tokens.verify("no-such-token-" + UniqueNames.token())).isEmpty();
    assertThat(tokens.verify("")).isEmpty();
  }

  @Test
  void aRevokedTokenNoLongerVerifies() {
    long user = UniqueNames.userId();
    SessionToken revoked = tokens.issue(user);
    SessionToken kept = tokens.issue(user);

    tokens.revoke(revoked.token());

    assertThat(tokens.verify(revoked.token())).isEmpty();
    assertThat(tokens.verify(kept.token())).contains(kept);
    tokens.revoke(revoked.token());
    tokens.revoke("never-issued-" + UniqueNames.token());
  }

  @Test
  void tokensExpireAfterTheTtl() {
    SessionToken t = tokens.issue(UniqueNames.userId());
    clock.advance(TTL.minus(MS));
    assertThat(tokens.verify(t.token())).isPresent();
    clock.advance(MS);
    assertThat(tokens.verify(t.token())).isEmpty();
  }
}
