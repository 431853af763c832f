package dev.parley.server.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.PresenceRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link PresenceRegistry} whose look-ups (a user's sessions, or none) come from a per-node
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
  private final InvalidatedCache<Long, List<PresenceBinding>> cache;
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
  public BindResult bind(PresenceBinding session, LoginPolicy policy) {
    long userId = session.userId();
    BindResult result;
    try {
      result = registry.bind(session, policy);
    } catch (RuntimeException | Error e) {
      changed(userId); // the bind may have been applied before the error
      throw e;
    }
    changed(userId);
    return result;
  }

  @Override
  public UnbindResult unbind(long userId, String sessionId) {
    UnbindResult result = registry.unbind(userId, sessionId);
    if (result.removed()) {
      changed(userId);
    } else {
      // Not bound any more (the session was evicted, e.g. by a newer login elsewhere): nothing to
      // publish, but drop what this node may hold, which may still list that session.
      cache.invalidate(userId);
    }
    return result;
  }

  @Override
  public List<PresenceBinding> sessions(long userId) {
    return cache.get(userId, registry::sessions);
  }

  @Override
  public Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
    Map<Long, List<PresenceBinding>> all = cache.getAll(new LinkedHashSet<>(userIds), this::load);
    Map<Long, List<PresenceBinding>> out = new HashMap<>();
    all.forEach((id, b) -> {
      if (!b.isEmpty()) {
        out.put(id, b);
      }
    });
    return out;
  }

  private Map<Long, List<PresenceBinding>> load(List<Long> userIds) {
    Map<Long, List<PresenceBinding>> found = registry.lookupAll(userIds);
    Map<Long, List<PresenceBinding>> out = new HashMap<>();
    for (Long id : userIds) {
      out.put(id, List.copyOf(found.getOrDefault(id, List.of())));
    }
    return out;
  }

  @Override
  public int refresh(Collection<SessionRef> sessions) {
    return registry.refresh(sessions);
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
      public BindResult bind(PresenceBinding session, LoginPolicy policy) {
        return CachingPresenceRegistry.this.bind(session, policy);
      }

      @Override
      public UnbindResult unbind(long userId, String sessionId) {
        return CachingPresenceRegistry.this.unbind(userId, sessionId);
      }

      @Override
      public List<PresenceBinding> sessions(long userId) {
        return registry.sessions(userId);
      }

      @Override
      public Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
        return registry.lookupAll(userIds);
      }

      @Override
      public int refresh(Collection<SessionRef> sessions) {
        return registry.refresh(sessions);
      }
    };
  }

  InvalidatedCache<Long, List<PresenceBinding>> cache() {
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
