package dev.parley.server.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The presence cache: look-ups are cached online and offline, every bind and unbind through any
 * node drops the user on every node, bulk look-ups load only what is missing, and a binding that
 * expires unseen is forgotten within the TTL backstop.
 */
class CachingPresenceRegistryTest {
  private static final Duration PRESENCE_TTL = Duration.ofSeconds(90);
  private static final Duration CACHE_TTL = Duration.ofSeconds(10);

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

  @Test
  void lookUpsAreCachedOnlineAndOffline() {
    node1.bind(7, "n1", "s1");

    assertThat(node1.lookup(7)).map(PresenceBinding::sessionId).contains("s1");
    assertThat(node1.lookup(7)).map(PresenceBinding::sessionId).contains("s1");
    assertThat(node1.lookup(8)).isEmpty();
    assertThat(node1.lookup(8)).isEmpty();

    // user 7 was bound through node1, which cached the binding it made: only user 8 was read
    assertThat(registry.lookups.get()).isEqualTo(1);
  }

  @Test
  void aBindCachesTheNewBindingOnItsNodeAndDropsItElsewhere() {
    node2.bind(7, "n2", "s0");
    assertThat(node1.lookup(7)).map(PresenceBinding::sessionId).contains("s0");
    int before = registry.lookups.get();

    node1.bind(7, "n1", "s1");

    assertThat(node1.lookup(7)).map(PresenceBinding::sessionId).contains("s1");
    assertThat(registry.lookups.get()).isEqualTo(before); // answered from the cache
    assertThat(node2.lookup(7)).map(PresenceBinding::sessionId).contains("s1"); // node2 read it again
    assertThat(registry.lookups.get()).isEqualTo(before + 1);
  }

  @Test
  void anUnbindOfAReplacedSessionDropsTheLocalEntryWithoutPublishing() {
    node1.bind(7, "n1", "s1");
    node2.lookup(7);
    long node2Invalidations = node2.counts().invalidations().getAsLong();
    int before = registry.lookups.get();

    assertThat(node1.unbind(7, "s-old")).isFalse(); // e.g. the session a newer login replaced

    assertThat(node1.lookup(7)).map(PresenceBinding::sessionId).contains("s1");
    assertThat(registry.lookups.get()).isEqualTo(before + 1); // node1 dropped its entry and read again
    assertThat(node2.counts().invalidations().getAsLong()).isEqualTo(node2Invalidations); // nothing published
  }

  @Test
  void aUserWhoMovesToAnotherNodeIsFoundThereAtOnce() {
    node1.bind(7, "n1", "s1");
    assertThat(node1.lookup(7)).map(PresenceBinding::nodeId).contains("n1");

    node2.bind(7, "n2", "s2");

    assertThat(node1.lookup(7)).map(PresenceBinding::nodeId).contains("n2");
  }

  @Test
  void anUnbindOnAnotherNodeIsSeenAtOnce() {
    node2.bind(7, "n2", "s2");
    assertThat(node1.lookup(7)).isPresent();

    node2.unbind(7, "s2");

    assertThat(node1.lookup(7)).isEmpty();
  }

  @Test
  void aFailedUnbindDropsNothing() {
    node1.bind(7, "n1", "s1");
    node1.lookup(7);
    long before = node1.counts().invalidations().getAsLong();

    assertThat(node2.unbind(7, "another session")).isFalse();

    assertThat(node1.counts().invalidations().getAsLong()).isEqualTo(before);
    assertThat(node1.lookup(7)).isPresent();
  }

  @Test
  void aBulkLookUpLoadsOnlyTheMissingUsersInOneCall() {
    node2.bind(1, "n2", "s1"); // bound elsewhere: node1 holds nothing of 1 and 3 until it reads them
    node2.bind(3, "n2", "s3");
    node1.lookup(1);
    int callsBefore = registry.bulkCalls.get();

    Map<Long, PresenceBinding> found = node1.lookupAll(List.of(1L, 2L, 3L));

    assertThat(found).containsOnlyKeys(1L, 3L);
    assertThat(registry.bulkCalls.get()).isEqualTo(callsBefore + 1);
    assertThat(registry.lastBulk).containsExactlyInAnyOrder(2L, 3L);
    assertThat(node1.lookupAll(List.of(1L, 2L, 3L))).containsOnlyKeys(1L, 3L);
    assertThat(registry.bulkCalls.get()).isEqualTo(callsBefore + 1);
  }

  @Test
  void aBindingThatExpiresUnseenIsForgottenWithinTheCacheTtl() {
    node1.bind(7, "crashed-node", "s1");
    assertThat(node1.lookup(7)).isPresent();

    clock.advance(PRESENCE_TTL.plusSeconds(1)); // nobody refreshed it: expired in the registry
    assertThat(registry.lookup(7)).isEmpty();
    assertThat(node1.lookup(7)).isPresent(); // still cached, for at most the cache's TTL

    ticker.advance(CACHE_TTL.plusMillis(1));
    assertThat(node1.lookup(7)).isEmpty();
  }

  @Test
  void theUpkeepsViewReadsTheRegistryButStillPublishesItsBinds() {
    node1.bind(7, "n1", "s1");
    node2.lookup(7);
    registry.unbind(7, "s1"); // lost behind the caches' backs, e.g. Redis restarted

    assertThat(node1.exact().lookup(7)).isEmpty();
    assertThat(node1.exact().lookupAll(List.of(7L))).isEmpty();

    node1.exact().bind(7, "n1", "s1"); // the repair
    assertThat(node2.lookup(7)).map(PresenceBinding::sessionId).contains("s1");
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
    public Optional<PresenceBinding> bind(long userId, String nodeId, String sessionId) {
      return registry.bind(userId, nodeId, sessionId);
    }

    @Override
    public boolean unbind(long userId, String sessionId) {
      return registry.unbind(userId, sessionId);
    }

    @Override
    public Optional<PresenceBinding> lookup(long userId) {
      lookups.incrementAndGet();
      return registry.lookup(userId);
    }

    @Override
    public Map<Long, PresenceBinding> lookupAll(Collection<Long> userIds) {
      bulkCalls.incrementAndGet();
      lastBulk = List.copyOf(userIds);
      return registry.lookupAll(userIds);
    }

    @Override
    public int refresh(Map<Long, String> sessionsByUser) {
      return registry.refresh(sessionsByUser);
    }
  }
}
