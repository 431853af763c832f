package dev.parley.server.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.model.Friendship;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.FriendStore;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link FriendStore} whose {@link #areFriends} answers (yes and no) come from a per-node cache;
 * every other read goes to the store (through {@link ForwardingFriendStore}). Every friendship change made through it (an accepted request,
 * a removal) drops the pair here at once and, once the store has returned (committed), is
 * published on the {@link ChangeFeed} topic {@value #TOPIC} so every other node drops it too.
 *
 * <p>Staleness: an {@code areFriends} answer on another node is at most the feed's delivery
 * delay old (milliseconds), and never more than the TTL when notices were lost; on this node it is
 * never stale. So it is only for the authorisation of a send, where that bound is the promise;
 * services that must read the friendship exactly use {@link #findFriendship}.
 *
 * <p>Thread-safe. Owns its feed subscription: {@link #close()} ends it.
 */
public final class CachingFriendStore extends ForwardingFriendStore implements AutoCloseable {
  /** The change-feed topic of friendships; a key is the pair "smallerId:largerId". */
  public static final String TOPIC = "friendships";

  private final ChangeFeed feed;
  private final InvalidatedCache<String, Boolean> cache;
  private final ChangeFeed.Subscription subscription;

  public CachingFriendStore(FriendStore store, ChangeFeed feed, CacheSettings settings, Ticker ticker) {
    super(store);
    this.feed = Objects.requireNonNull(feed, "feed");
    this.cache = new InvalidatedCache<>(settings.maxEntries(), settings.ttl(), ticker);
    this.subscription = InvalidatedCache.invalidatedBy(cache, feed, TOPIC);
  }

  /** The feed key of the pair, the same whichever side comes first. */
  public static String key(long userId, long otherId) {
    return Math.min(userId, otherId) + ":" + Math.max(userId, otherId);
  }

  @Override
  public boolean areFriends(long userId, long otherId) {
    return cache.get(key(userId, otherId), k -> store.areFriends(userId, otherId));
  }

  @Override
  public Optional<Friendship> acceptRequest(long requestId, String accepterRemark) {
    Optional<Friendship> side = store.acceptRequest(requestId, accepterRemark);
    side.ifPresent(s -> changed(s.userId(), s.friendId()));
    return side;
  }

  @Override
  public boolean removeFriendship(long userId, long friendId) {
    boolean removed = store.removeFriendship(userId, friendId);
    // Published even when nothing was removed: a caller racing another removal may hold the old answer.
    changed(userId, friendId);
    return removed;
  }

  /** Drops the pair here and tells the other nodes; call after the change is committed. */
  public void changed(long userId, long otherId) {
    String key = key(userId, otherId);
    cache.invalidate(key);
    feed.publish(TOPIC, key);
  }

  InvalidatedCache<String, Boolean> cache() {
    return cache;
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
