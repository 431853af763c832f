package dev.parley.core.memory;

import java.util.function.LongFunction;

/**
 * A thread-safe map from {@code long} keys to values without boxing: {@value #STRIPES}
 * {@link LongObjectMap}s, each guarded by its own monitor, chosen by the key's hash. A look-up
 * holds one stripe's monitor for a few probes; look-ups of different stripes never contend.
 * Entries are never removed (a value may be replaced); values are never null.
 *
 * <p>Thread-safe.
 */
final class StripedLongMap<V> {
  private static final int STRIPES = 64;

  @SuppressWarnings("unchecked")
  private final LongObjectMap<V>[] stripes = new LongObjectMap[STRIPES];

  StripedLongMap() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new LongObjectMap<>();
    }
  }

  /** The value of {@code key}, or null. */
  V get(long key) {
    LongObjectMap<V> stripe = stripe(key);
    synchronized (stripe) {
      return stripe.get(key);
    }
  }

  /** The value of {@code key}, made once by {@code make} (called under the stripe's monitor) when absent. */
  V computeIfAbsent(long key, LongFunction<V> make) {
    LongObjectMap<V> stripe = stripe(key);
    synchronized (stripe) {
      return stripe.computeIfAbsent(key, make);
    }
  }

  /** Sets {@code key}'s value (never null); returns the previous one, or null. */
  V put(long key, V value) {
    LongObjectMap<V> stripe = stripe(key);
    synchronized (stripe) {
      return stripe.put(key, value);
    }
  }

  private LongObjectMap<V> stripe(long key) {
    long h = key * 0xC2B2AE3D27D4EB4FL;
    return stripes[(int) (h >>> 58)]; // the top 6 bits: LongObjectMap's slot uses another multiplier
  }
}
