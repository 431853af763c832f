package dev.parley.core.memory;

import java.util.function.LongFunction;

/**
 * A map from {@code long} keys to values with no boxing and no object per entry: open addressing
 * with linear probing over a key array and a value array, doubled at half full. Entries are never
 * removed (the in-memory stores only add mailboxes and conversations). A {@code null} value marks
 * a free slot, so values are never null.
 *
 * <p>Not thread-safe: each user guards it (a mailbox's monitor, a stripe of {@link StripedLongMap}).
 */
final class LongObjectMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;

  LongObjectMap() {
    this(8);
  }

  /** Sized for {@code expected} entries without growing. */
  LongObjectMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new Object[capacity];
  }

  /** The value of {@code key}, or null. */
  @SuppressWarnings("unchecked")
  V get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return (V) values[i];
      }
    }
    return null;
  }

  /** The value of {@code key}, made by {@code make} (never null) and added when absent. */
  V computeIfAbsent(long key, LongFunction<V> make) {
    V v = get(key);
    if (v == null) {
      v = make.apply(key);
      put(key, v);
    }
    return v;
  }

  /** Sets {@code key}'s value; returns the previous one, or null. */
  @SuppressWarnings("unchecked")
  V put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value for key " + key);
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    for (; values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        V old = (V) values[i];
        values[i] = value;
        return old;
      }
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return null;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != null) {
        int i = slot(oldKeys[j], mask);
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** Spreads ids that differ only in high bits (or by a constant stride) over the table. */
  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  @Override
  public String toString() {
    return "LongObjectMap[size=" + size + ", capacity=" + keys.length + "]";
  }
}
