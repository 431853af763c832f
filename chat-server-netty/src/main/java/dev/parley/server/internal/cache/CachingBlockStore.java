package dev.parley.server.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.ChangeFeed;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@link BlockStore} whose {@link #isBlocked} answers (yes and no) come from a per-node cache, so
 * the block check of a 1:1 send, a friend request or a typing relay costs no database round trip;
 * listing and counting go to the store. A block or unblock made through it drops the pair here at
 * once and, once the store has returned (committed), is published on the {@link ChangeFeed} topic
 * {@value #TOPIC} so every other node drops it too.
 *
 * <p>Staleness: an answer on another node is at most the feed's delivery delay old (milliseconds),
 * and never more than the TTL when notices were lost; on this node it is never stale.
 *
 * <p>Thread-safe. Owns its feed subscription: {@link #close()} ends it.
 */
public final class CachingBlockStore implements BlockStore, AutoCloseable {
  /** The change-feed topic of blocks; a key is "blockerId:blockedId" (a block has a direction). */
  public static final String TOPIC = "blocks";

  private final BlockStore store;
  private final ChangeFeed feed;
  private final InvalidatedCache<String, Boolean> cache;
  private final ChangeFeed.Subscription subscription;

  public CachingBlockStore(BlockStore store, ChangeFeed feed, CacheSettings settings, Ticker ticker) {
    this.store = Objects.requireNonNull(store, "store");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.cache = new InvalidatedCache<>(settings.maxEntries(), settings.ttl(), ticker);
    this.subscription = InvalidatedCache.invalidatedBy(cache, feed, TOPIC);
  }

  /** The feed key of a block. */
  public static String key(long blockerId, long blockedId) {
    return blockerId + ":" + blockedId;
  }

  @Override
  public boolean isBlocked(long blockerId, long blockedId) {
    return cache.get(key(blockerId, blockedId), k -> store.isBlocked(blockerId, blockedId));
  }

  @Override
  public boolean block(long blockerId, long blockedId, Instant at) {
    boolean added = store.block(blockerId, blockedId, at);
    changed(blockerId, blockedId); // even when not new: a racing caller may hold the old answer
    return added;
  }

  @Override
  public boolean unblock(long blockerId, long blockedId) {
    boolean removed = store.unblock(blockerId, blockedId);
    changed(blockerId, blockedId);
    return removed;
  }

  @Override
  public List<Block> blocked(long blockerId, int limit) {
    return store.blocked(blockerId, limit);
  }

  @Override
  public int blockedCount(long blockerId) {
    return store.blockedCount(blockerId);
  }

  /** Drops the block here and tells the other nodes; call after the change is committed. */
  public void changed(long blockerId, long blockedId) {
    String key = key(blockerId, blockedId);
    cache.invalidate(key);
    feed.publish(TOPIC, key);
  }

  /** Hits, misses and invalidations of the cache, for the node's meters. */
  public CacheCounts counts() {
    return new CacheCounts(cache::hits, cache::misses, cache::invalidations);
  }

  @Override
  public void close() {
    subscription.close();
  }
}
