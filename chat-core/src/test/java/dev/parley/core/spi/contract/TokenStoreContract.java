package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TokenStore}: random tokens, verify, revoke, revoke-all per user, the bound
 * on live tokens per user, expiry by the injected clock.
 */
public abstract class TokenStoreContract {
  protected static final Duration TTL = Duration.ofHours(1);
  private static final Duration MS = Duration.ofMillis(1);

  protected MutableClock clock;
  protected TokenStore tokens;

  /** A store whose tokens live {@code ttl}, by {@code clock}, with the default bound per user. */
  protected abstract TokenStore newStore(Duration ttl, Clock clock);

  /** A store whose tokens live {@code ttl}, by {@code clock}, at most {@code maxTokensPerUser} per user. */
  protected abstract TokenStore newStore(Duration ttl, Clock clock, int maxTokensPerUser);

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

  @Test
  void revokeAllKillsEveryTokenOfThatUserAndNoneOfAnother() {
    long user = UniqueNames.userId();
    long other = user + 1;
    List<SessionToken> mine = List.of(tokens.issue(user), tokens.issue(user), tokens.issue(user));
    SessionToken theirs = tokens.issue(other);

    tokens.revokeAll(user);

    for (SessionToken t : mine) {
      assertThat(tokens.verify(t.token())).as("revoked %s", t).isEmpty();
    }
    assertThat(tokens.verify(theirs.token())).contains(theirs);
    SessionToken fresh = tokens.issue(user);
    assertThat(tokens.verify(fresh.token())).as("a token issued after revokeAll").contains(fresh);
    tokens.revokeAll(user + 2); // a user without tokens
  }

  @Test
  void revokeAllAlsoCoversTokensRevokedOneByOne() {
    long user = UniqueNames.userId();
    SessionToken a = tokens.issue(user);
    SessionToken b = tokens.issue(user);
    tokens.revoke(a.token());

    tokens.revokeAll(user);

    assertThat(tokens.verify(a.token())).isEmpty();
    assertThat(tokens.verify(b.token())).isEmpty();
  }

  @Test
  void issuingPastTheBoundRevokesTheOldest() {
    TokenStore bounded = newStore(TTL, clock, 3);
    long user = UniqueNames.userId();
    List<SessionToken> issued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      issued.add(bounded.issue(user)); // same instant: the order of issue still decides
    }
    SessionToken theirs = bounded.issue(user + 1);

    assertThat(bounded.verify(issued.get(0).token())).as("oldest").isEmpty();
    assertThat(bounded.verify(issued.get(1).token())).as("second oldest").isEmpty();
    for (SessionToken t : issued.subList(2, 5)) {
      assertThat(bounded.verify(t.token())).as("one of the 3 newest").contains(t);
    }
    assertThat(bounded.verify(theirs.token())).contains(theirs);
  }

  @Test
  void theBoundCountsOnlyLiveTokens() {
    TokenStore bounded = newStore(TTL, clock, 2);
    long user = UniqueNames.userId();
    SessionToken revoked = bounded.issue(user);
    SessionToken kept = bounded.issue(user);
    bounded.revoke(revoked.token());

    SessionToken third = bounded.issue(user);
    assertThat(bounded.verify(kept.token())).as("a revoked token made room").contains(kept);
    assertThat(bounded.verify(third.token())).contains(third);

    clock.advance(TTL);
    SessionToken afterExpiry = bounded.issue(user);
    SessionToken next = bounded.issue(user);
    assertThat(bounded.verify(afterExpiry.token())).as("expired tokens made room").contains(afterExpiry);
    assertThat(bounded.verify(next.token())).contains(next);
  }

  @Test
  void theDefaultBoundIsTwentyLiveTokensPerUser() {
    assertThat(TokenStore.DEFAULT_MAX_TOKENS_PER_USER).isEqualTo(20);
    long user = UniqueNames.userId();
    SessionToken oldest = tokens.issue(user);
    List<SessionToken> newer = new ArrayList<>();
    for (int i = 1; i < TokenStore.DEFAULT_MAX_TOKENS_PER_USER; i++) {
      newer.add(tokens.issue(user));
    }
    assertThat(tokens.verify(oldest.token())).as("the 20th token still leaves the first").contains(oldest);

    tokens.issue(user);

    assertThat(tokens.verify(oldest.token())).as("the 21st revokes the first").isEmpty();
    assertThat(tokens.verify(newer.get(0).token())).contains(newer.get(0));
  }

  @Test
  void tokensOfABoundedStoreStillExpire() {
    TokenStore bounded = newStore(TTL, clock, 2);
    SessionToken t = bounded.issue(UniqueNames.userId());
    clock.advance(TTL.minus(MS));
    assertThat(bounded.verify(t.token())).isPresent();
    clock.advance(MS);
    assertThat(bounded.verify(t.token())).isEmpty();
  }
}
