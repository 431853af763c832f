package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TokenStore}: random tokens, verify, revoke, revoke-all per user, the bound
 * on live tokens per user, expiry by the injected clock; device-bound tokens (a new token for a
 * named device revokes that device's earlier ones, unnamed tokens never revoke each other),
 * revoke-device, the live tokens of a user, and last-seen times.
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

  private static final DeviceInfo PHONE = new DeviceInfo("phone-1", Platform.MOBILE, "Ann's phone: \u260E | ü");
  private static final DeviceInfo LAPTOP = new DeviceInfo("laptop.1", Platform.DESKTOP, "");

  @Test
  void anIssuedTokenVerifiesAsItsUser() {
    long user = UniqueNames.userId();
    SessionToken t = tokens.issue(user);

    assertThat(t.userId()).isEqualTo(user);
    assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    assertThat(t.device()).isEqualTo(DeviceInfo.UNNAMED);
    assertThat(t.issuedAt()).isEqualTo(clock.instant());
    assertThat(t.lastSeenAt()).isEqualTo(clock.instant());
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

  /**
   * The user's live tokens without their token strings: a store that keeps only digests (Redis)
   * cannot return bearer tokens there, only some opaque handle.
   */
  private static List<SessionToken> live(TokenStore store, long user) {
    List<SessionToken> live = store.liveTokens(user);
    assertThat(live).extracting(SessionToken::token).doesNotHaveDuplicates()
        .allSatisfy(t -> assertThat(t).isNotBlank());
    return live.stream().map(TokenStoreContract::blank).toList();
  }

  private static SessionToken blank(SessionToken t) {
    return new SessionToken("-", t.userId(), t.expiresAt(), t.device(), t.issuedAt(), t.lastSeenAt());
  }

  private static List<SessionToken> blank(List<SessionToken> tokens) {
    return tokens.stream().map(TokenStoreContract::blank).toList();
  }

  @Test
  void verifyReturnsTheDeviceATokenWasIssuedFor() {
    long user = UniqueNames.userId();
    SessionToken t = tokens.issue(user, PHONE);

    assertThat(t.device()).isEqualTo(PHONE);
    assertThat(tokens.verify(t.token())).contains(t);
    assertThat(tokens.verify(t.token()).orElseThrow().device().name()).isEqualTo(PHONE.name());
  }

  @Test
  void aNewTokenForADeviceRevokesThatDevicesEarlierToken() {
    long user = UniqueNames.userId();
    SessionToken phone = tokens.issue(user, PHONE);
    SessionToken laptop = tokens.issue(user, LAPTOP);
    SessionToken unnamed = tokens.issue(user);
    clock.advance(Duration.ofSeconds(1));

    SessionToken phoneAgain = tokens.issue(user, PHONE);

    assertThat(tokens.verify(phone.token())).as("the device's earlier token").isEmpty();
    assertThat(tokens.verify(laptop.token())).as("another device keeps its token").contains(laptop);
    assertThat(tokens.verify(unnamed.token())).as("an unnamed token is no device").contains(unnamed);
    assertThat(tokens.verify(phoneAgain.token())).contains(phoneAgain);
    assertThat(live(tokens, user)).containsExactly(blank(laptop), blank(unnamed), blank(phoneAgain));
  }

  @Test
  void theSameDeviceIdOfAnotherUserIsAnotherDevice() {
    long user = UniqueNames.userId();
    long other = UniqueNames.userId();
    SessionToken mine = tokens.issue(user, PHONE);
    SessionToken theirs = tokens.issue(other, PHONE);

    assertThat(tokens.verify(mine.token())).contains(mine);
    assertThat(tokens.verify(theirs.token())).contains(theirs);
  }

  @Test
  void unnamedTokensNeverRevokeEachOther() {
    long user = UniqueNames.userId();
    List<SessionToken> issued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      issued.add(tokens.issue(user, DeviceInfo.UNNAMED));
      issued.add(tokens.issue(user));
    }
    for (SessionToken t : issued) {
      assertThat(tokens.verify(t.token())).contains(t);
    }
    assertThat(live(tokens, user)).containsExactlyElementsOf(blank(issued));
  }

  @Test
  void revokeDeviceRevokesOnlyThatUsersDeviceAndCountsIt() {
    long user = UniqueNames.userId();
    long other = UniqueNames.userId();
    SessionToken phone = tokens.issue(user, PHONE);
    SessionToken laptop = tokens.issue(user, LAPTOP);
    SessionToken unnamed = tokens.issue(user);
    SessionToken theirPhone = tokens.issue(other, PHONE);

    assertThat(tokens.revokeDevice(user, PHONE.deviceId())).isEqualTo(1);

    assertThat(tokens.verify(phone.token())).isEmpty();
    assertThat(tokens.verify(laptop.token())).contains(laptop);
    assertThat(tokens.verify(unnamed.token())).contains(unnamed);
    assertThat(tokens.verify(theirPhone.token())).as("another user's device of the same id").contains(theirPhone);
    assertThat(tokens.revokeDevice(user, PHONE.deviceId())).as("nothing left to revoke").isZero();
    assertThat(tokens.revokeDevice(user, "no-such-device")).isZero();
    assertThat(tokens.revokeDevice(user, DeviceInfo.UNNAMED_ID)).as("unnamed tokens are no device").isZero();
    assertThat(tokens.revokeDevice(UniqueNames.userId(), PHONE.deviceId())).as("a user without tokens").isZero();
    assertThat(live(tokens, user)).containsExactly(blank(laptop), blank(unnamed));

    SessionToken fresh = tokens.issue(user, PHONE);
    assertThat(tokens.verify(fresh.token())).as("the device can sign in again").contains(fresh);
  }

  @Test
  void revokeDeviceDoesNotCountExpiredTokens() {
    long user = UniqueNames.userId();
    tokens.issue(user, PHONE);
    clock.advance(TTL);
    assertThat(tokens.revokeDevice(user, PHONE.deviceId())).isZero();
  }

  @Test
  void liveTokensAreOldestFirstWithoutExpiredRevokedOrOtherUsersTokens() {
    long user = UniqueNames.userId();
    SessionToken expiring = tokens.issue(user, LAPTOP);
    clock.advance(TTL.dividedBy(2));
    SessionToken revoked = tokens.issue(user);
    SessionToken a = tokens.issue(user, PHONE);
    SessionToken b = tokens.issue(user); // same instant: the order of issue still decides
    tokens.issue(UniqueNames.userId());
    tokens.revoke(revoked.token());
    assertThat(live(tokens, user)).containsExactly(blank(expiring), blank(a), blank(b));

    clock.advance(TTL.dividedBy(2));

    assertThat(live(tokens, user)).containsExactly(blank(a), blank(b));
    assertThat(tokens.liveTokens(UniqueNames.userId())).isEmpty();
    tokens.revokeAll(user);
    assertThat(tokens.liveTokens(user)).isEmpty();
  }

  @Test
  void markSeenMovesLastSeenForwardOnly() {
    long user = UniqueNames.userId();
    SessionToken t = tokens.issue(user, PHONE);
    Instant later = clock.instant().plusSeconds(30);

    tokens.markSeen(t.token(), later);

    SessionToken seen = tokens.verify(t.token()).orElseThrow();
    assertThat(seen.lastSeenAt()).isEqualTo(later);
    assertThat(seen.issuedAt()).isEqualTo(t.issuedAt());
    assertThat(seen.expiresAt()).as("seeing a token does not extend it").isEqualTo(t.expiresAt());
    assertThat(live(tokens, user)).containsExactly(blank(t.withLastSeenAt(later)));

    tokens.markSeen(t.token(), later.minusSeconds(10));
    assertThat(tokens.verify(t.token()).orElseThrow().lastSeenAt()).as("never backwards").isEqualTo(later);
  }

  @Test
  void markSeenIgnoresUnknownAndRevokedTokens() {
    long user = UniqueNames.userId();
    SessionToken t = tokens.issue(user);
    tokens.revoke(t.token());

    tokens.markSeen(t.token(), clock.instant().plusSeconds(1));
    tokens.markSeen("never-issued-" + UniqueNames.token(), clock.instant());
    tokens.markSeen(UniqueNames.token(), clock.instant());

    assertThat(tokens.verify(t.token())).as("marking does not resurrect").isEmpty();
    assertThat(tokens.liveTokens(user)).isEmpty();
  }

  @Test
  void theBoundAppliesToDeviceTokensToo() {
    TokenStore bounded = newStore(TTL, clock, 2);
    long user = UniqueNames.userId();
    SessionToken phone = bounded.issue(user, PHONE);
    SessionToken laptop = bounded.issue(user, LAPTOP);
    SessionToken tablet = bounded.issue(user, new DeviceInfo("tablet", Platform.MOBILE, "tab"));

    assertThat(bounded.verify(phone.token())).as("oldest past the bound").isEmpty();
    assertThat(live(bounded, user)).containsExactly(blank(laptop), blank(tablet));

    SessionToken laptopAgain = bounded.issue(user, LAPTOP);
    assertThat(live(bounded, user)).as("replacing a device's token makes no extra room")
        .containsExactly(blank(tablet), blank(laptopAgain));
  }
}
