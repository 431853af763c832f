package dev.parley.server.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.server.testing.DelegatingFriendStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which backends a node puts behind a cache: blocking ones, with a feed, when the cache is on. */
class NodeCachesTest {
  private static final CacheSettings ON = new CacheSettings(100, Duration.ofSeconds(30));
  private static final CacheSettings OFF = new CacheSettings(0, Duration.ofSeconds(30));

  private final DelegatingFriendStore blockingFriends = new DelegatingFriendStore(new InMemoryFriendStore());
  private final InMemoryPresenceRegistry presence = new InMemoryPresenceRegistry();

  @Test
  void aBlockingBackendWithAFeedIsCached() {
    try (NodeCaches caches = new NodeCaches(blockingFriends, presence, new InMemoryChangeFeed(), ON, ON,
        Ticker.systemTicker())) {
      assertThat(caches.friends()).isInstanceOf(CachingFriendStore.class);
      assertThat(caches.presence()).isSameAs(presence); // in memory: nothing to save
      assertThat(caches.exactPresence()).isSameAs(presence);
    }
  }

  @Test
  void withoutAFeedOrWithTheCacheOffNothingIsCached() {
    try (NodeCaches none = new NodeCaches(blockingFriends, presence, null, ON, ON, Ticker.systemTicker());
        NodeCaches off = new NodeCaches(blockingFriends, presence, new InMemoryChangeFeed(), OFF, OFF,
            Ticker.systemTicker())) {
      assertThat(none.friends()).isSameAs(blockingFriends);
      assertThat(off.friends()).isSameAs(blockingFriends);
    }
  }

  @Test
  void anInMemoryFriendStoreIsUsedAsItIs() {
    InMemoryFriendStore friends = new InMemoryFriendStore();
    try (NodeCaches caches = new NodeCaches(friends, presence, new InMemoryChangeFeed(), ON, ON,
        Ticker.systemTicker())) {
      assertThat(caches.friends()).isSameAs(friends);
    }
  }

  @Test
  void aBlockingGroupStoreWithAFeedIsCachedAnInMemoryOneIsNot() {
    InMemoryGroupStore memory = new InMemoryGroupStore();
    GroupStore blocking = (GroupStore) java.lang.reflect.Proxy.newProxyInstance(GroupStore.class.getClassLoader(),
        new Class<?>[] {GroupStore.class}, (proxy, method, args) -> method.invoke(memory, args));
    try (NodeCaches cached = new NodeCaches(blockingFriends, blocking, presence, new InMemoryChangeFeed(), ON, ON, ON,
            Ticker.systemTicker());
        NodeCaches inMemory = new NodeCaches(blockingFriends, memory, presence, new InMemoryChangeFeed(), ON, ON, ON,
            Ticker.systemTicker());
        NodeCaches off = new NodeCaches(blockingFriends, blocking, presence, new InMemoryChangeFeed(), ON, OFF, ON,
            Ticker.systemTicker());
        NodeCaches noFeed = new NodeCaches(blockingFriends, blocking, presence, null, ON, ON, ON,
            Ticker.systemTicker())) {
      assertThat(cached.groups()).isInstanceOf(CachingGroupStore.class);
      assertThat(inMemory.groups()).isSameAs(memory);
      assertThat(off.groups()).isSameAs(blocking);
      assertThat(noFeed.groups()).isSameAs(blocking);
    }
  }

  @Test
  void aBlockingBlockStoreWithAFeedIsCachedAnInMemoryOneIsNot() {
    InMemoryBlockStore memory = new InMemoryBlockStore();
    BlockStore blocking = (BlockStore) java.lang.reflect.Proxy.newProxyInstance(BlockStore.class.getClassLoader(),
        new Class<?>[] {BlockStore.class}, (proxy, method, args) -> method.invoke(memory, args));
    InMemoryGroupStore groups = new InMemoryGroupStore();
    try (NodeCaches cached = new NodeCaches(blockingFriends, groups, presence, new InMemoryChangeFeed(), ON, ON, ON,
            Ticker.systemTicker(), blocking);
        NodeCaches inMemory = new NodeCaches(blockingFriends, groups, presence, new InMemoryChangeFeed(), ON, ON, ON,
            Ticker.systemTicker(), memory);
        NodeCaches off = new NodeCaches(blockingFriends, groups, presence, new InMemoryChangeFeed(), OFF, ON, ON,
            Ticker.systemTicker(), blocking)) {
      assertThat(cached.blocks()).isInstanceOf(CachingBlockStore.class);
      assertThat(inMemory.blocks()).isSameAs(memory);
      assertThat(off.blocks()).isSameAs(blocking);
      cached.blocks().block(1, 2, java.time.Instant.EPOCH);
      assertThat(cached.blocks().isBlocked(1, 2)).isTrue();
      assertThat(memory.isBlocked(1, 2)).isTrue();
    }
  }
}
