package dev.parley.server.internal.cache;

import java.time.Duration;

/**
 * Size bound and TTL backstop of one per-node cache; {@code maxEntries} 0 turns the cache off.
 * Immutable.
 */
public record CacheSettings(int maxEntries, Duration ttl) {
  public CacheSettings {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative, was " + maxEntries);
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
  }

  /** Whether the cache is on. */
  public boolean enabled() {
    return maxEntries > 0;
  }
}
