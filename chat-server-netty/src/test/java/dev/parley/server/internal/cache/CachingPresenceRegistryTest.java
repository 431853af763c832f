package dev.parley.server.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The presence cache: look-ups (a user's list of sessions, or none) are cached online and offline,
 * every bind and unbind through any node drops the user on every node, bulk look-ups load only what
 * is missing, and a binding that expires unseen is forgotten within the TTL backstop.
 */
class CachingPresenceRegistryTest {
  private static final Duration PRESENCE_TTL = Duration.ofSeconds(90);
  private static final Duration CACHE_TTL = Duration.ofSeconds(10);
  private static final LoginPolicy POLICY = LoginPolicy.onePerPlatform();

  private final MutableClock clock = new MutableClock();
  private final CountingRegistry registry = new CountingRegistry(new InMemoryPresenceRegistry(PRESENCE_TTL, clock));
  private final InMemoryChangeFeed feed = new InMemoryChangeFeed();
  private final FakeTicker ticker = new FakeTicker();
  private final CachingPresenceRegistry node1 = new CachingPresenceRegistry(registry, feed,
      new CacheSettings(1000, CACHE_TTL), ticker);
  private final CachingPresenceRegistry node2 = new CachingPresenceRegistry(registry, feed,
      new CacheSettings(1000, CACHE_TTL), ticker);

  @AfterEach
  void close() {
    node1.close();
    node2.close();
  }

  /** A session that is its own device, platform OTHER (a client that names no device). */
  private static PresenceBinding session(long userId, String nodeId, String sessionId) {
    return new PresenceBinding(userId, nodeId, sessionId, Instant.EPOCH);
  }

  private static PresenceBinding device(long userId, String nodeId, String sessionId, Platform platform) {
    return new PresenceBinding(userId, nodeId, sessionId, "device-" + sessionId, platform, Instant.EPOCH);
  }

  private static List<String> sessionIds(PresenceRegistry presence, long userId) {
    return presence.sessions(userId).stream().map(PresenceBinding::sessionId).toList();
  }

  @Test
  void lookUpsAreCachedOnlineAndOffline() {
    node1.bind(session(7, "n1", "s1"), POLICY);

    assertThat(sessionIds(node1, 7)).containsExactly("s1");
    assertThat(sessionIds(node1, 7)).containsExactly("s1");
    assertThat(node1.sessions(8)).isEmpty();
    assertThat(node1.sessions(8)).isEmpty();
    assertThat(node1.isOnline(7)).isTrue();
    assertThat(node1.isOnline(8)).isFalse();

    // the bind dropped user 7 here, so each user was read once, then answered from the cache
    assertThat(registry.lookups.get()).isEqualTo(2);
  }

  @Test
  void aBindDropsTheUserOnEveryNodeWhichThenSeesEverySession() {
    node2.bind(device(7, "n2", "s0", Platform.DESKTOP), POLICY);
    assertThat(sessionIds(node1, 7)).containsExactly("s0");
    assertThat(sessionIds(node2, 7)).containsExactly("s0");
    int before = registry.lookups.get();

    BindResult second = node1.bind(device(7, "n1", "s1", Platform.MOBILE), POLICY);
    assertThat(second.wasOnline()).isTrue();
    assertThat(second.evicted()).isEmpty(); // another platform: both stay

    assertThat(sessionIds(node1, 7)).containsExactly("s0", "s1");
    assertThat(sessionIds(node2, 7)).containsExactly("s0", "s1"); // both read it again
    assertThat(registry.lookups.get()).isEqualTo(before + 2);
    assertThat(sessionIds(node1, 7)).containsExactly("s0", "s1");
    assertThat(sessionIds(node2, 7)).containsExactly("s0", "s1");
    assertThat(registry.lookups.get()).isEqualTo(before + 2); // and cached the whole list
  }

  @Test
  void anUnbindOfOneOfSeveralSessionsLeavesTheOthersListedEverywhere() {
    node1.bind(device(7, "n1", "s1", Platform.MOBILE), POLICY);
    node2.bind(device(7, "n2", "s2", Platform.DESKTOP), POLICY);
    assertThat(sessionIds(node1, 7)).containsExactly("s1", "s2");

    assertThat(node2.unbind(7, "s2")).isEqualTo(UnbindResult.STILL_ONLINE);

    assertThat(sessionIds(node1, 7)).containsExactly("s1");
    assertThat(node1.isOnline(7)).isTrue();
    assertThat(node2.unbind(7, "s1")).isEqualTo(UnbindResult.WENT_OFFLINE);
    assertThat(node1.isOnline(7)).isFalse();
  }

  @Test
  void anUnbindOfAReplacedSessionDropsTheLocalEntryWithoutPublishing() {
    node1.bind(session(7, "n1", "s1"), POLICY);
    node1.sessions(7);
    node2.sessions(7);
    long node2Invalidations = node2.counts().invalidations().getAsLong();
    int before = registry.lookups.get();

    // e.g. the session a newer login replaced
    assertThat(node1.unbind(7, "s-old")).isEqualTo(UnbindResult.NOT_BOUND);

    assertThat(sessionIds(node1, 7)).containsExactly("s1");
    assertThat(registry.lookups.get()).isEqualTo(before + 1); // node1 dropped its entry and read again
    assertThat(node2.counts().invalidations().getAsLong()).isEqualTo(node2Invalidations); // nothing published
  }

  @Test
  void aUserWhoMovesToAnotherNodeIsFoundThereAtOnce() {
    node1.bind(session(7, "n1", "s1"), POLICY);
    assertThat(node1.sessions(7)).extracting(PresenceBinding::nodeId).containsExactly("n1");

    // the same platform (OTHER) again: the newer login replaces the older
    BindResult moved = node2.bind(session(7, "n2", "s2"), POLICY);

    assertThat(moved.evicted()).extracting(e -> e.binding().sessionId(), Eviction::reason)
        .containsExactly(org.assertj.core.api.Assertions.tuple("s1", KickReason.PLATFORM_CONFLICT));
    assertThat(node1.sessions(7)).extracting(PresenceBinding::nodeId).containsExactly("n2");
  }

  @Test
  void anUnbindOnAnotherNodeIsSeenAtOnce() {
    node2.bind(session(7, "n2", "s2"), POLICY);
    assertThat(node1.isOnline(7)).isTrue();

    node2.unbind(7, "s2");

    assertThat(node1.isOnline(7)).isFalse();
    assertThat(node1.sessions(7)).isEmpty();
  }

  @Test
  void aFailedUnbindDropsNothing() {
    node1.bind(session(7, "n1", "s1"), POLICY);
    node1.sessions(7);
    long before = node1.counts().invalidations().getAsLong();

    assertThat(node2.unbind(7, "another session")).isEqualTo(UnbindResult.NOT_BOUND);

    assertThat(node1.counts().invalidations().getAsLong()).isEqualTo(before);
    assertThat(node1.isOnline(7)).isTrue();
  }

  @Test
  void aBulkLookUpLoadsOnlyTheMissingUsersInOneCall() {
    node2.bind(session(1, "n2", "s1"), POLICY); // bound elsewhere: node1 holds nothing of 1 and 3 until it reads them
    node2.bind(device(3, "n2", "s3", Platform.WEB), POLICY);
    node2.bind(device(3, "n2", "s3b", Platform.MOBILE), POLICY);
    node1.sessions(1);
    int callsBefore = registry.bulkCalls.get();

    Map<Long, List<PresenceBinding>> found = node1.lookupAll(List.of(1L, 2L, 3L));

    assertThat(found).containsOnlyKeys(1L, 3L);
    assertThat(found.get(1L)).extracting(PresenceBinding::sessionId).containsExactly("s1");
    assertThat(found.get(3L)).extracting(PresenceBinding::sessionId).containsExactly("s3", "s3b");
    assertThat(registry.bulkCalls.get()).isEqualTo(callsBefore + 1);
    assertThat(registry.lastBulk).containsExactlyInAnyOrder(2L, 3L);
    assertThat(node1.lookupAll(List.of(1L, 2L, 3L))).isEqualTo(found);
    assertThat(registry.bulkCalls.get()).isEqualTo(callsBefore + 1);
  }

  @Test
  void aBindingThatExpiresUnseenIsForgottenWithinTheCacheTtl() {
    node1.bind(session(7, "crashed-node", "s1"), POLICY);
    assertThat(node1.isOnline(7)).isTrue();

    clock.advance(PRESENCE_TTL.plusSeconds(1)); // nobody refreshed it: expired in the registry
    assertThat(registry.sessions(7)).isEmpty();
    assertThat(node1.isOnline(7)).isTrue(); // still cached, for at most the cache's TTL

    ticker.advance(CACHE_TTL.plusMillis(1));
    assertThat(node1.isOnline(7)).isFalse();
  }

  @Test
  void aRefreshPassesEverySessionThroughAndPublishesNothing() {
    node1.bind(device(7, "n1", "s1", Platform.MOBILE), POLICY);
    node1.bind(device(7, "n1", "s2", Platform.DESKTOP), POLICY);
    node2.sessions(7);
    long node2Invalidations = node2.counts().invalidations().getAsLong();

    assertThat(node1.refresh(List.of(new SessionRef(7, "s1"), new SessionRef(7, "s2"), new SessionRef(7, "gone"))))
        .isEqualTo(2);

    assertThat(node2.counts().invalidations().getAsLong()).isEqualTo(node2Invalidations);
    assertThat(sessionIds(node2, 7)).containsExactly("s1", "s2");
  }

  @Test
  void theUpkeepsViewReadsTheRegistryButStillPublishesItsBinds() {
    node1.bind(session(7, "n1", "s1"), POLICY);
    node2.sessions(7);
    registry.unbind(7, "s1"); // lost behind the caches' backs, e.g. Redis restarted

    assertThat(node1.exact().sessions(7)).isEmpty();
    assertThat(node1.exact().lookupAll(List.of(7L))).isEmpty();

    node1.exact().bind(session(7, "n1", "s1"), POLICY); // the repair
    assertThat(sessionIds(node2, 7)).containsExactly("s1");
    assertThat(registry.lookups.get()).isEqualTo(3);
  }

  /** Counts the look-ups that reach the registry. */
  static final class CountingRegistry implements PresenceRegistry {
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger bulkCalls = new AtomicInteger();
    volatile Collection<Long> lastBulk = List.of();
    private final PresenceRegistry registry;

    CountingRegistry(PresenceRegistry registry) {
      this.registry = registry;
    }

    @Override
    public BindResult bind(PresenceBinding session, LoginPolicy policy) {
      return registry.bind(session, policy);
    }

    @Override
    public UnbindResult unbind(long userId, String sessionId) {
      return registry.unbind(userId, sessionId);
    }

    @Override
    public List<PresenceBinding> sessions(long userId) {
      lookups.incrementAndGet();
      return registry.sessions(userId);
    }

    @Override
    public Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
      bulkCalls.incrementAndGet();
      lastBulk = List.copyOf(userIds);
      return registry.lookupAll(userIds);
    }

    @Override
    public int refresh(Collection<SessionRef> sessions) {
      return registry.refresh(sessions);
    }
  }
}
