package dev.parley.server.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.PresenceRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PresenceRegistry} whose look-ups (online and offline answers) come from a per-node
 * cache. Every bind, and every unbind that removed a binding, made through it drops the user here
 * at once and, once the registry has returned, is published on the {@link ChangeFeed} topic
 * {@value #TOPIC} so every other node drops the user too. Every node binds and unbinds its own
 * sessions through its own decorator, so every change of a binding is published.
 *
 * <p>Staleness: a cached binding is dropped within the feed's delivery delay of a change, and in
 * any case {@code ttl} after it was read. A binding that expires without an unbind (its node
 * crashed, so nobody refreshes it) therefore looks live here at most {@code ttl} longer than in the
 * registry; a push to it fails like one to any dead node and the message waits in the mailbox.
 * {@link #refresh} changes no binding's identity and publishes nothing.
 *
 * <p>Thread-safe. Owns its feed subscription: {@link #close()} ends it.
 */
public final class CachingPresenceRegistry implements PresenceRegistry, AutoCloseable {
  /** The change-feed topic of presence; a key is the user id. */
  public static final String TOPIC = "presence";

  private final PresenceRegistry registry;
  private final ChangeFeed feed;
  private final InvalidatedCache<Long, Optional<PresenceBinding>> cache;
  private final ChangeFeed.Subscription subscription;

  public CachingPresenceRegistry(PresenceRegistry registry, ChangeFeed feed, CacheSettings settings, Ticker ticker) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.cache = new InvalidatedCache<>(settings.maxEntries(), settings.ttl(), ticker);
    this.subscription = feed.subscribe(TOPIC, new ChangeFeed.Listener() {
      @Override
      public void changed(String key) {
        try {
          cache.invalidate(Long.valueOf(key));
        } catch (NumberFormatException e) {
          cache.invalidateAll(); // not ours to understand: be safe
        }
      }

      @Override
      public void resubscribed() {
        cache.invalidateAll();
      }
    });
  }

  @Override
  public Optional<PresenceBinding> bind(long userId, String nodeId, String sessionId) {
    Optional<PresenceBinding> replaced;
    try {
      replaced = registry.bind(userId, nodeId, sessionId);
    } catch (RuntimeException | Error e) {
      changed(userId); // the bind may have been applied before the error
      throw e;
    }
    changed(userId);
    // The binding just made is the user's current one: cache it, so the first push to a user who
    // logged in here needs no look-up (a node's first seconds would otherwise look every recipient
    // up once). A newer bind elsewhere drops it through the feed like any entry.
    cache.put(userId, Optional.of(new PresenceBinding(userId, nodeId, sessionId, Instant.now())));
    return replaced;
  }

  @Override
  public boolean unbind(long userId, String sessionId) {
    boolean removed = registry.unbind(userId, sessionId);
    if (removed) {
      changed(userId);
    } else {
      // Not the current binding (the session was replaced, e.g. kicked by a newer login elsewhere):
      // nothing to publish, but drop what this node may hold, which may be that old session.
      cache.invalidate(userId);
    }
    return removed;
  }

  @Override
  public Optional<PresenceBinding> lookup(long userId) {
    return cache.get(userId, registry::lookup);
  }

  @Override
  public Map<Long, PresenceBinding> lookupAll(Collection<Long> userIds) {
    Map<Long, Optional<PresenceBinding>> all = cache.getAll(new LinkedHashSet<>(userIds), this::load);
    Map<Long, PresenceBinding> out = new HashMap<>();
    all.forEach((id, b) -> b.ifPresent(binding -> out.put(id, binding)));
    return out;
  }

  private Map<Long, Optional<PresenceBinding>> load(List<Long> userIds) {
    Map<Long, PresenceBinding> found = registry.lookupAll(userIds);
    Map<Long, Optional<PresenceBinding>> out = new HashMap<>();
    for (Long id : userIds) {
      out.put(id, Optional.ofNullable(found.get(id)));
    }
    return out;
  }

  @Override
  public int refresh(Map<Long, String> sessionsByUser) {
    return registry.refresh(sessionsByUser);
  }

  private void changed(long userId) {
    cache.invalidate(userId);
    feed.publish(TOPIC, Long.toString(userId));
  }

  /**
   * The same registry for the node's upkeep, which must see bindings as they are to repair lost
   * ones and close replaced sessions: look-ups and refreshes go to the registry itself, binds and
   * unbinds through this cache (so they are still published).
   */
  public PresenceRegistry exact() {
    return new PresenceRegistry() {
      @Override
      public Optional<PresenceBinding> bind(long userId, String nodeId, String sessionId) {
        return CachingPresenceRegistry.this.bind(userId, nodeId, sessionId);
      }

      @Override
      public boolean unbind(long userId, String sessionId) {
        return CachingPresenceRegistry.this.unbind(userId, sessionId);
      }

      @Override
      public Optional<PresenceBinding> lookup(long userId) {
        return registry.lookup(userId);
      }

      @Override
      public Map<Long, PresenceBinding> lookupAll(Collection<Long> userIds) {
        return registry.lookupAll(userIds);
      }

      @Override
      public int refresh(Map<Long, String> sessionsByUser) {
        return registry.refresh(sessionsByUser);
      }
    };
  }

  InvalidatedCache<Long, Optional<PresenceBinding>> cache() {
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
