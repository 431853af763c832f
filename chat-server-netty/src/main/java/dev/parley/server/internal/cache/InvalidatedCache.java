package dev.parley.server.internal.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.spi.ChangeFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A bounded cache whose entries can be dropped at any moment by an invalidation, without ever
 * keeping a value read before the invalidation: each entry is a future that the loading thread
 * completes outside any lock, so {@link #invalidate} only removes a map entry (it never waits for
 * a load) and a load still in flight when its key is invalidated completes for its own callers
 * but is no longer in the map. Entries live at most {@code ttl} after their load finished (the
 * backstop for invalidations that were lost) and at most {@code maxEntries} are kept.
 *
 * <p>Thread-safe. {@link #get} and {@link #getAll} block while they load, or while another thread
 * loads the same key; {@link #invalidate} and {@link #invalidateAll} never block on a load.
 */
final class InvalidatedCache<K, V> {
  private final AsyncCache<K, V> cache;
  private final ConcurrentMap<K, CompletableFuture<V>> map;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder invalidations = new LongAdder();

  InvalidatedCache(int maxEntries, Duration ttl, Ticker ticker) {
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).ticker(ticker)
        .executor(Runnable::run) // maintenance on the callers' threads: no common-pool tasks
        .buildAsync();
    this.map = cache.asMap();
  }

  /**
   * Subscribes this cache to {@code topic} of {@code feed}: a change drops the entry whose key is
   * the change's key (for caches keyed by the feed's key strings), a resubscription (changes may
   * have been missed) drops everything.
   */
  static ChangeFeed.Subscription invalidatedBy(InvalidatedCache<String, ?> cache, ChangeFeed feed, String topic) {
    return feed.subscribe(topic, new ChangeFeed.Listener() {
      @Override
      public void changed(String key) {
        cache.invalidate(key);
      }

      @Override
      public void resubscribed() {
        cache.invalidateAll();
      }
    });
  }

  /** The cached value of {@code key}, or {@code loader}'s, which is then cached. */
  V get(K key, Function<K, V> loader) {
    CompletableFuture<V> present = cache.getIfPresent(key);
    if (present != null) {
      hits.increment();
      return join(present);
    }
    misses.increment();
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> prior = map.putIfAbsent(key, mine);
    if (prior != null) {
      return join(prior);
    }
    try {
      V value = loader.apply(key);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      map.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * The values of {@code keys}, the missing ones loaded together by {@code loader}, which must
   * return a value for every key it is given. Keys in iteration order of {@code keys}.
   */
  Map<K, V> getAll(Collection<K> keys, Function<List<K>, Map<K, V>> loader) {
    Map<K, CompletableFuture<V>> found = new LinkedHashMap<>();
    Map<K, CompletableFuture<V>> mine = new HashMap<>();
    for (K key : keys) {
      CompletableFuture<V> f = cache.getIfPresent(key);
      if (f == null) {
        CompletableFuture<V> fresh = new CompletableFuture<>();
        f = map.putIfAbsent(key, fresh);
        if (f == null) {
          f = fresh;
          mine.put(key, fresh);
        }
      }
      found.put(key, f);
    }
    hits.add(found.size() - mine.size());
    misses.add(mine.size());
    if (!mine.isEmpty()) {
      loadInto(mine, loader);
    }
    Map<K, V> out = new LinkedHashMap<>();
    found.forEach((k, f) -> out.put(k, join(f)));
    return out;
  }

  private void loadInto(Map<K, CompletableFuture<V>> mine, Function<List<K>, Map<K, V>> loader) {
    try {
      Map<K, V> loaded = loader.apply(new ArrayList<>(mine.keySet()));
      mine.forEach((k, f) -> {
        V v = loaded.get(k);
        if (v == null) {
          map.remove(k, f);
          f.completeExceptionally(new IllegalStateException("the loader returned no value for " + k));
        } else {
          f.complete(v);
        }
      });
    } catch (RuntimeException | Error e) {
      mine.forEach((k, f) -> {
        map.remove(k, f);
        f.completeExceptionally(e);
      });
      throw e;
    }
  }

  /**
   * Caches {@code value} for {@code key} as if just loaded (a load in flight is not kept); an
   * invalidation afterwards drops it like any entry.
   */
  void put(K key, V value) {
    map.put(key, CompletableFuture.completedFuture(value));
  }

  /** Drops {@code key}: the next read loads it again, and a load in flight is not kept. */
  void invalidate(K key) {
    invalidations.increment();
    map.remove(key);
  }

  /** Drops every entry, loads in flight included. */
  void invalidateAll() {
    invalidations.increment();
    map.clear();
  }

  /** The entries held now (after pending evictions are done). */
  long size() {
    cache.synchronous().cleanUp();
    return cache.synchronous().estimatedSize();
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  long invalidations() {
    return invalidations.sum();
  }

  private static <V> V join(CompletableFuture<V> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
