package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.BindResult;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PresenceRegistry}: several sessions per user, each with its own TTL;
 * session-checked unbind and refresh; the login policies' evictions and reasons exactly as
 * {@link LoginPolicy#evictions} states them, applied atomically with the bind (also under
 * concurrent binds); the {@link LoginPolicy#MAX_SESSIONS} bound; expiry judged by the injected
 * clock. User ids are random, so a shared backend is fine.
 */
public abstract class PresenceRegistryContract {
  protected static final Duration TTL = Duration.ofSeconds(30);
  private static final Duration MS = Duration.ofMillis(1);
  private static final LoginPolicy MULTI = LoginPolicy.multi(10);

  protected MutableClock clock;
  protected PresenceRegistry registry;

  /** A registry whose bindings live {@code ttl} unless refreshed, by {@code clock}. */
  protected abstract PresenceRegistry newRegistry(Duration ttl, Clock clock);

  @BeforeEach
  void createRegistry() {
    clock = new MutableClock();
    registry = newRegistry(TTL, clock);
  }

  /** A session of {@code user} on node-1 whose device is named after the session. */
  protected static PresenceBinding session(long user, String sessionId) {
    return session(user, sessionId, "dev-" + sessionId, Platform.OTHER);
  }

  /** A session as a node submits it: {@code boundAt} is a placeholder the registry replaces. */
  protected static PresenceBinding session(long user, String sessionId, String deviceId, Platform platform) {
    return new PresenceBinding(user, "node-1", sessionId, deviceId, platform, Instant.EPOCH);
  }

  /** Binds under {@code policy} and returns what the registry now stores for it (stamped now). */
  private PresenceBinding bound(PresenceBinding session, LoginPolicy policy) {
    registry.bind(session, policy);
    return session.at(clock.instant());
  }

  private static List<String> sessionIds(List<PresenceBinding> bindings) {
    return bindings.stream().map(PresenceBinding::sessionId).toList();
  }

  @Test
  void bindMakesTheUserVisibleStampedByTheRegistrysClock() {
    long user = UniqueNames.userId();
    assertThat(registry.sessions(user)).isEmpty();
    assertThat(registry.isOnline(user)).isFalse();

    BindResult result = registry.bind(session(user, "s1", "phone", Platform.MOBILE), MULTI);

    assertThat(result.wasOnline()).isFalse();
    assertThat(result.evicted()).isEmpty();
    assertThat(registry.sessions(user)).containsExactly(
        new PresenceBinding(user, "node-1", "s1", "phone", Platform.MOBILE, clock.instant()));
    assertThat(registry.isOnline(user)).isTrue();
  }

  @Test
  void severalDevicesOfOneUserAreOnlineTogether() {
    long user = UniqueNames.userId();
    List<PresenceBinding> expected = new ArrayList<>();
    List<Boolean> wasOnline = new ArrayList<>();
    String[] devices = {"desk", "phone", "tablet"};
    for (int i = 0; i < devices.length; i++) {
      PresenceBinding s = new PresenceBinding(user, "node-" + i, "s" + i, devices[i], Platform.values()[i], Instant.EPOCH);
      BindResult r = registry.bind(s, MULTI);
      assertThat(r.evicted()).as("bind %d evicts nothing", i).isEmpty();
      wasOnline.add(r.wasOnline());
      expected.add(s.at(clock.instant()));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(wasOnline).containsExactly(false, true, true);
    assertThat(registry.sessions(user)).as("oldest first").containsExactlyElementsOf(expected);
  }

  @Test
  void unbindRemovesOnlyTheNamedSessionAndReportsWhetherTheUserWentOffline() {
    long user = UniqueNames.userId();
    long other = UniqueNames.userId();
    registry.bind(session(user, "s1"), MULTI);
    clock.advance(MS);
    PresenceBinding s2 = bound(session(user, "s2"), MULTI);
    PresenceBinding theirs = bound(session(other, "s1"), MULTI);

    assertThat(registry.unbind(user, "no-such-session")).isEqualTo(UnbindResult.NOT_BOUND);
    assertThat(registry.unbind(UniqueNames.userId(), "s1")).as("a user never bound").isEqualTo(UnbindResult.NOT_BOUND);
    assertThat(registry.unbind(user, "s1")).isEqualTo(UnbindResult.STILL_ONLINE);
    assertThat(registry.sessions(user)).containsExactly(s2);
    assertThat(registry.unbind(user, "s1")).as("twice").isEqualTo(UnbindResult.NOT_BOUND);
    assertThat(registry.unbind(user, "s2")).isEqualTo(UnbindResult.WENT_OFFLINE);
    assertThat(registry.sessions(user)).isEmpty();
    assertThat(registry.isOnline(user)).isFalse();
    assertThat(registry.unbind(user, "s2")).isEqualTo(UnbindResult.NOT_BOUND);
    assertThat(registry.sessions(other)).as("the same session id of another user").containsExactly(theirs);
  }

  @Test
  void unbindOfAnExpiredBindingReportsNothingRemoved() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "s1"), MULTI);
    clock.advance(TTL.plus(MS));
    assertThat(registry.unbind(user, "s1")).isEqualTo(UnbindResult.NOT_BOUND);
    assertThat(registry.sessions(user)).isEmpty();
  }

  @Test
  void unbindingTheLastLiveSessionGoesOfflineEvenWhenExpiredOnesRemain() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "old"), MULTI);
    clock.advance(TTL.minus(Duration.ofSeconds(1)));
    registry.bind(session(user, "new"), MULTI);
    clock.advance(Duration.ofSeconds(2)); // "old" has expired, "new" is live

    assertThat(registry.unbind(user, "new")).isEqualTo(UnbindResult.WENT_OFFLINE);
    assertThat(registry.isOnline(user)).isFalse();
  }

  @Test
  void bindingsExpireAfterTheTtl() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "s1"), MULTI);
    clock.advance(TTL.minus(MS));
    assertThat(registry.sessions(user)).hasSize(1);
    assertThat(registry.isOnline(user)).isTrue();
    clock.advance(MS);
    assertThat(registry.sessions(user)).isEmpty();
    assertThat(registry.isOnline(user)).isFalse();
  }

  @Test
  void expiredSessionsAreNeitherOnlineNorEvicted() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "s1", "phone", Platform.MOBILE), LoginPolicy.single());
    clock.advance(TTL);

    BindResult r = registry.bind(session(user, "s2", "phone", Platform.MOBILE), LoginPolicy.single());

    assertThat(r.wasOnline()).as("an expired session is not 'online'").isFalse();
    assertThat(r.evicted()).as("an expired session is not kicked").isEmpty();
    assertThat(sessionIds(registry.sessions(user))).containsExactly("s2");
  }

  @Test
  void eachSessionHasItsOwnTtl() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "early"), MULTI);
    clock.advance(Duration.ofSeconds(10));
    registry.bind(session(user, "late"), MULTI);

    clock.advance(TTL.minus(Duration.ofSeconds(10)));
    assertThat(sessionIds(registry.sessions(user))).as("early expired on its own").containsExactly("late");
    assertThat(registry.isOnline(user)).isTrue();
  }

  @Test
  void refreshingOneSessionLetsTheOtherExpire() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "kept"), MULTI);
    registry.bind(session(user, "dropped"), MULTI);
    clock.advance(TTL.minus(MS));

    assertThat(registry.refresh(List.of(new SessionRef(user, "kept")))).isEqualTo(1);

    clock.advance(MS);
    assertThat(sessionIds(registry.sessions(user))).containsExactly("kept");
    clock.advance(TTL.minus(MS.multipliedBy(2)));
    assertThat(sessionIds(registry.sessions(user))).containsExactly("kept");
    clock.advance(MS);
    assertThat(registry.sessions(user)).isEmpty();
  }

  @Test
  void refreshExtendsOnlyTheNamedSessionsThatAreStillBound() {
    long mine = UniqueNames.userId();
    long replaced = UniqueNames.userId();
    long unknown = UniqueNames.userId();
    registry.bind(session(mine, "s-mine"), MULTI);
    registry.bind(session(replaced, "s-new"), MULTI);
    clock.advance(TTL.minus(MS));

    List<SessionRef> refs = List.of(new SessionRef(mine, "s-mine"), new SessionRef(replaced, "s-old"),
        new SessionRef(unknown, "s-x"));
    assertThat(registry.refresh(refs)).isEqualTo(1);

    clock.advance(TTL.minus(MS));
    assertThat(registry.sessions(mine)).hasSize(1);
    assertThat(registry.sessions(replaced)).isEmpty();
    assertThat(registry.sessions(unknown)).isEmpty();
    clock.advance(MS.multipliedBy(2));
    assertThat(registry.sessions(mine)).isEmpty();
    assertThat(registry.refresh(List.of())).isZero();
  }

  @Test
  void refreshKeepsTheBindingAsItWas() {
    long user = UniqueNames.userId();
    PresenceBinding s = bound(session(user, "s1", "phone", Platform.MOBILE), MULTI);
    clock.advance(Duration.ofSeconds(10));
    registry.refresh(List.of(s.ref()));
    assertThat(registry.sessions(user)).as("boundAt is the bind's, not the refresh's").containsExactly(s);
  }

  @Test
  void refreshDoesNotReviveAnExpiredBinding() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "s1"), MULTI);
    clock.advance(TTL.plus(MS));
    assertThat(registry.refresh(List.of(new SessionRef(user, "s1")))).isZero();
    assertThat(registry.sessions(user)).isEmpty();
  }

  @Test
  void singleEvictsEveryOtherSessionAsTooManyDevices() {
    long user = UniqueNames.userId();
    PresenceBinding a = bound(session(user, "a", "desk", Platform.DESKTOP), MULTI);
    clock.advance(MS);
    PresenceBinding b = bound(session(user, "b", "phone", Platform.MOBILE), MULTI);
    clock.advance(MS);

    BindResult r = registry.bind(session(user, "c", "web", Platform.WEB), LoginPolicy.single());

    assertThat(r.wasOnline()).isTrue();
    assertThat(r.evicted()).containsExactlyInAnyOrder(new Eviction(a, KickReason.TOO_MANY_DEVICES),
        new Eviction(b, KickReason.TOO_MANY_DEVICES));
    assertThat(sessionIds(registry.sessions(user))).containsExactly("c");

    clock.advance(MS);
    PresenceBinding c = registry.sessions(user).get(0);
    BindResult next = registry.bind(session(user, "d", "tv", Platform.OTHER), LoginPolicy.single());
    assertThat(next.evicted()).containsExactly(new Eviction(c, KickReason.TOO_MANY_DEVICES));
    assertThat(sessionIds(registry.sessions(user))).containsExactly("d");
  }

  @Test
  void onePerPlatformLetsDifferentPlatformsCoexistAndReplacesTheSamePlatform() {
    long user = UniqueNames.userId();
    LoginPolicy policy = LoginPolicy.onePerPlatform();
    PresenceBinding desk = bound(session(user, "s-desk", "desk-1", Platform.DESKTOP), policy);
    clock.advance(MS);
    assertThat(registry.bind(session(user, "s-phone", "phone-1", Platform.MOBILE), policy).evicted()).isEmpty();
    clock.advance(MS);
    assertThat(registry.bind(session(user, "s-web", "web-1", Platform.WEB), policy).evicted()).isEmpty();
    clock.advance(MS);
    assertThat(registry.bind(session(user, "s-other", "tv-1", Platform.OTHER), policy).evicted()).isEmpty();
    assertThat(registry.sessions(user)).hasSize(4);
    clock.advance(MS);

    BindResult r = registry.bind(session(user, "s-desk2", "desk-2", Platform.DESKTOP), policy);

    assertThat(r.wasOnline()).isTrue();
    assertThat(r.evicted()).containsExactly(new Eviction(desk, KickReason.PLATFORM_CONFLICT));
    assertThat(sessionIds(registry.sessions(user))).containsExactly("s-phone", "s-web", "s-other", "s-desk2");
  }

  @Test
  void multiPastItsLimitEvictsTheOldest() {
    long user = UniqueNames.userId();
    LoginPolicy policy = LoginPolicy.multi(3);
    PresenceBinding oldest = bound(session(user, "s1"), policy);
    for (int i = 2; i <= 3; i++) {
      clock.advance(MS);
      assertThat(registry.bind(session(user, "s" + i), policy).evicted()).isEmpty();
    }
    clock.advance(MS);

    BindResult r = registry.bind(session(user, "s4"), policy);

    assertThat(r.evicted()).containsExactly(new Eviction(oldest, KickReason.TOO_MANY_DEVICES));
    assertThat(sessionIds(registry.sessions(user))).containsExactly("s2", "s3", "s4");
  }

  @Test
  void sessionsBoundAtTheSameInstantAreEvictedBySessionId() {
    long user = UniqueNames.userId();
    LoginPolicy policy = LoginPolicy.multi(3);
    registry.bind(session(user, "s-b"), policy);
    PresenceBinding a = bound(session(user, "s-a"), policy);
    registry.bind(session(user, "s-c"), policy);

    BindResult r = registry.bind(session(user, "s-d"), policy);

    assertThat(r.evicted()).containsExactly(new Eviction(a, KickReason.TOO_MANY_DEVICES));
    assertThat(registry.sessions(user)).extracting(PresenceBinding::sessionId)
        .containsExactlyInAnyOrder("s-b", "s-c", "s-d");
  }

  @Test
  void aStricterPolicyEvictsDownToItsLimit() {
    long user = UniqueNames.userId();
    for (int i = 0; i < 5; i++) {
      registry.bind(session(user, "s" + i), MULTI);
      clock.advance(MS);
    }

    BindResult r = registry.bind(session(user, "s5"), LoginPolicy.multi(2));

    assertThat(r.evicted()).extracting(e -> e.binding().sessionId()).containsExactlyInAnyOrder("s0", "s1", "s2", "s3");
    assertThat(r.evicted()).extracting(Eviction::reason).containsOnly(KickReason.TOO_MANY_DEVICES);
    assertThat(sessionIds(registry.sessions(user))).containsExactly("s4", "s5");
  }

  @Test
  void theSameDeviceReplacesItsSessionUnderEveryPolicy() {
    for (LoginPolicy policy : List.of(LoginPolicy.single(), LoginPolicy.onePerPlatform(), MULTI,
        LoginPolicy.multi(LoginPolicy.MAX_SESSIONS))) {
      long user = UniqueNames.userId();
      PresenceBinding first = bound(session(user, "s1", "phone", Platform.MOBILE), policy);
      PresenceBinding desk = bound(session(user, "s-desk", "desk", Platform.DESKTOP), MULTI);
      clock.advance(MS);

      // the same device id, even on another platform, reconnects as a new session
      BindResult r = registry.bind(new PresenceBinding(user, "node-2", "s2", "phone", Platform.WEB, Instant.EPOCH),
          policy);

      assertThat(r.wasOnline()).as("%s", policy).isTrue();
      assertThat(r.evicted()).as("%s", policy).contains(new Eviction(first, KickReason.REPLACED_BY_SAME_DEVICE));
      if (policy.mode() != LoginPolicy.Mode.SINGLE) {
        assertThat(r.evicted()).as("%s", policy).hasSize(1);
        assertThat(registry.sessions(user)).as("%s", policy).extracting(PresenceBinding::sessionId)
            .containsExactly("s-desk", "s2");
      } else {
        assertThat(r.evicted()).as("%s", policy).containsExactlyInAnyOrder(
            new Eviction(first, KickReason.REPLACED_BY_SAME_DEVICE), new Eviction(desk, KickReason.TOO_MANY_DEVICES));
      }
    }
  }

  @Test
  void rebindingTheSameSessionIdIsSilent() {
    long user = UniqueNames.userId();
    registry.bind(session(user, "s1", "phone", Platform.MOBILE), LoginPolicy.single());
    clock.advance(Duration.ofSeconds(5));

    PresenceBinding moved = new PresenceBinding(user, "node-2", "s1", "phone", Platform.MOBILE, Instant.EPOCH);
    BindResult r = registry.bind(moved, LoginPolicy.single());

    assertThat(r.evicted()).isEmpty();
    assertThat(r.wasOnline()).as("its own earlier binding does not count").isFalse();
    assertThat(registry.sessions(user)).containsExactly(moved.at(clock.instant()));

    PresenceBinding desk = bound(session(user, "s-desk", "desk", Platform.DESKTOP), MULTI);
    clock.advance(MS);
    BindResult again = registry.bind(moved, MULTI);
    assertThat(again.evicted()).isEmpty();
    assertThat(again.wasOnline()).as("another session is live").isTrue();
    assertThat(registry.sessions(user)).containsExactly(desk, moved.at(clock.instant()));
  }

  @Test
  void theHardBoundHoldsWhateverThePolicy() {
    assertThat(LoginPolicy.MAX_SESSIONS).isEqualTo(64);
    assertThatThrownBy(() -> LoginPolicy.multi(LoginPolicy.MAX_SESSIONS + 1))
        .isInstanceOf(IllegalArgumentException.class);
    long user = UniqueNames.userId();
    LoginPolicy most = LoginPolicy.multi(LoginPolicy.MAX_SESSIONS);
    List<Eviction> evicted = new ArrayList<>();
    int binds = LoginPolicy.MAX_SESSIONS + 6;
    for (int i = 0; i < binds; i++) {
      evicted.addAll(registry.bind(session(user, String.format("s%03d", i)), most).evicted());
      clock.advance(MS);
    }

    assertThat(registry.sessions(user)).hasSize(LoginPolicy.MAX_SESSIONS);
    assertThat(registry.sessions(user).get(0).sessionId()).isEqualTo("s006");
    assertThat(evicted).extracting(e -> e.binding().sessionId())
        .containsExactly("s000", "s001", "s002", "s003", "s004", "s005");
    assertThat(evicted).extracting(Eviction::reason).containsOnly(KickReason.TOO_MANY_DEVICES);
  }

  @Test
  void lookupAllReturnsEveryLiveSessionOfTheOnlineUsers() {
    long several = UniqueNames.userId();
    long early = UniqueNames.userId();
    long late = UniqueNames.userId();
    long never = UniqueNames.userId();
    registry.bind(session(early, "s1"), MULTI);
    clock.advance(Duration.ofSeconds(20));
    PresenceBinding lateOne = bound(session(late, "s2"), MULTI);
    PresenceBinding a = bound(session(several, "a", "desk", Platform.DESKTOP), MULTI);
    clock.advance(MS);
    PresenceBinding b = bound(session(several, "b", "phone", Platform.MOBILE), MULTI);
    clock.advance(Duration.ofSeconds(20));

    Map<Long, List<PresenceBinding>> found = registry.lookupAll(List.of(several, early, late, never));

    assertThat(found).containsOnlyKeys(several, late);
    assertThat(found.get(late)).containsExactly(lateOne);
    assertThat(found.get(several)).containsExactly(a, b);
    assertThat(registry.lookupAll(List.of())).isEmpty();
  }

  @Test
  void concurrentBindsOfOneDeviceLeaveExactlyOneBinding() {
    for (LoginPolicy policy : List.of(LoginPolicy.single(), LoginPolicy.onePerPlatform(), MULTI)) {
      long user = UniqueNames.userId();
      int threads = 12;
      List<BindResult> results = Concurrently.call(threads,
          i -> registry.bind(session(user, "s" + i, "phone", Platform.MOBILE), policy));

      List<PresenceBinding> live = registry.sessions(user);
      assertThat(live).as("%s", policy).hasSize(1);
      assertThat(results).as("exactly one bind found the user offline").filteredOn(r -> !r.wasOnline()).hasSize(1);
      List<Eviction> evicted = results.stream().flatMap(r -> r.evicted().stream()).toList();
      assertThat(evicted).extracting(Eviction::reason).containsOnly(KickReason.REPLACED_BY_SAME_DEVICE);
      Set<String> kicked = evicted.stream().map(e -> e.binding().sessionId()).collect(Collectors.toSet());
      assertThat(kicked).as("every other session was evicted exactly once").hasSize(threads - 1)
          .doesNotContain(live.get(0).sessionId());
      assertThat(evicted).hasSize(threads - 1);
    }
  }

  @Test
  void concurrentBindsOfDistinctDevicesNeverExceedTheLimit() {
    long user = UniqueNames.userId();
    int limit = 3;
    int threads = 16;
    LoginPolicy policy = LoginPolicy.multi(limit);
    List<Integer> seen = Concurrently.call(threads, i -> {
      registry.bind(session(user, "s" + i, "dev-" + i, Platform.OTHER), policy);
      return registry.sessions(user).size();
    });

    assertThat(seen).allSatisfy(n -> assertThat(n).isBetween(1, limit));
    List<PresenceBinding> live = registry.sessions(user);
    assertThat(live).hasSize(limit);
    Set<String> all = new HashSet<>();
    for (int i = 0; i < threads; i++) {
      all.add("s" + i);
    }
    assertThat(all).containsAll(sessionIds(live));
  }

  @Test
  void concurrentBindsOfDistinctDevicesEvictEachLoserOnce() {
    long user = UniqueNames.userId();
    int limit = 3;
    int threads = 16;
    LoginPolicy policy = LoginPolicy.multi(limit);
    List<BindResult> results = Concurrently.call(threads,
        i -> registry.bind(session(user, "s" + i, "dev-" + i, Platform.OTHER), policy));

    List<String> kicked = results.stream().flatMap(r -> r.evicted().stream())
        .peek(e -> assertThat(e.reason()).isEqualTo(KickReason.TOO_MANY_DEVICES))
        .map(e -> e.binding().sessionId()).toList();
    assertThat(kicked).doesNotHaveDuplicates().hasSize(threads - limit)
        .doesNotContainAnyElementsOf(sessionIds(registry.sessions(user)));
  }
}
