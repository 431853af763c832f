package dev.parley.server.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.PresenceRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The friend store, group store, block store and presence registry a chat node uses: the configured ones, each
 * behind its cache ({@link CachingFriendStore}, {@link CachingGroupStore},
 * {@link CachingPresenceRegistry}, {@link CachingBlockStore}) when the node has a
 * {@link ChangeFeed}, the cache is on, and the backend blocks (an in-memory backend answers as fast
 * as a cache would, so it is used as it is). Made when the node starts, {@link #close()}d when it
 * stops. Thread-safe.
 */
public final class NodeCaches implements AutoCloseable {
  private final FriendStore friends;
  private final GroupStore groups;
  private final PresenceRegistry presence;
  private final PresenceRegistry exactPresence;
  private final BlockStore blocks;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Map<String, CacheCounts> counts = new LinkedHashMap<>();

  /** {@code feed} null: no caches. Without a group store (tests of the other caches) an in-memory one. */
  public NodeCaches(FriendStore friends, PresenceRegistry presence, ChangeFeed feed, CacheSettings friendship,
      CacheSettings presenceSettings, Ticker ticker) {
    this(friends, new InMemoryGroupStore(), presence, feed, friendship, new CacheSettings(0, friendship.ttl()),
        presenceSettings, ticker);
  }

  /** {@code feed} null: no caches. Without a block store (tests of the other caches) an in-memory one. */
  public NodeCaches(FriendStore friends, GroupStore groups, PresenceRegistry presence, ChangeFeed feed,
      CacheSettings friendship, CacheSettings groupMembers, CacheSettings presenceSettings, Ticker ticker) {
    this(friends, groups, presence, feed, friendship, groupMembers, presenceSettings, ticker, new InMemoryBlockStore());
  }

  /**
   * {@code feed} null: no caches. The block cache ({@link CachingBlockStore}) takes the friendship
   * cache's settings: both hold one yes/no per pair of users on the path of every send.
   */
  public NodeCaches(FriendStore friends, GroupStore groups, PresenceRegistry presence, ChangeFeed feed,
      CacheSettings friendship, CacheSettings groupMembers, CacheSettings presenceSettings, Ticker ticker,
      BlockStore blocks) {
    if (feed != null && friendship.enabled() && !(blocks instanceof NonBlocking)) {
      CachingBlockStore cached = new CachingBlockStore(blocks, feed, friendship, ticker);
      owned.add(cached);
      counts.put("blocks", cached.counts());
      this.blocks = cached;
    } else {
      this.blocks = blocks;
    }
    if (feed != null && friendship.enabled() && !(friends instanceof NonBlocking)) {
      CachingFriendStore cached = new CachingFriendStore(friends, feed, friendship, ticker);
      owned.add(cached);
      counts.put("friendships", cached.counts());
      this.friends = cached;
    } else {
      this.friends = friends;
    }
    if (feed != null && groupMembers.enabled() && !(groups instanceof NonBlocking)) {
      CachingGroupStore cached = new CachingGroupStore(groups, feed, groupMembers, ticker);
      owned.add(cached);
      counts.put("group-members", cached.counts());
      this.groups = cached;
    } else {
      this.groups = groups;
    }
    if (feed != null && presenceSettings.enabled() && !(presence instanceof NonBlocking)) {
      CachingPresenceRegistry cached = new CachingPresenceRegistry(presence, feed, presenceSettings, ticker);
      owned.add(cached);
      counts.put("presence", cached.counts());
      this.presence = cached;
      this.exactPresence = cached.exact();
    } else {
      this.presence = presence;
      this.exactPresence = presence;
    }
  }

  /** The friend store every part of the node uses. */
  public FriendStore friends() {
    return friends;
  }

  /** The group store every part of the node uses. */
  public GroupStore groups() {
    return groups;
  }

  /** The block store every part of the node uses. */
  public BlockStore blocks() {
    return blocks;
  }

  /** The presence registry every part of the node uses. */
  public PresenceRegistry presence() {
    return presence;
  }

  /**
   * The presence registry of the node's upkeep: reads uncached (it repairs lost bindings and closes
   * replaced sessions by what the registry holds now), binds and unbinds still published.
   */
  public PresenceRegistry exactPresence() {
    return exactPresence;
  }

  /** Calls {@code action} with the name and counts of each cache that is on. */
  public void forEachCache(BiConsumer<String, CacheCounts> action) {
    counts.forEach(action);
  }

  /** Ends the feed subscriptions. */
  @Override
  public void close() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        // a subscription that cannot be closed is gone with its client anyway
      }
    }
  }
}
