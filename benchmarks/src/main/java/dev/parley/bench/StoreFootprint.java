package dev.parley.bench;

import dev.parley.core.memory.InMemoryMessageStore;
import java.time.Instant;

/**
 * Heap the {@link InMemoryMessageStore} keeps per message: used heap after full GCs before and
 * after 1,000,000 appends over 1,000 friend pairs (both directions). The client ids, the text and
 * the {@code Instant} exist before the first measurement and are shared, so only the store's own
 * structure (messages, entries, indexes) is counted. Run with a fixed heap and a collector whose
 * {@code System.gc()} is a full collection, e.g.
 * {@code java -Xmx3g -XX:+UseParallelGC -cp benchmarks.jar dev.parley.bench.StoreFootprint}.
 */
public final class StoreFootprint {
  private StoreFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    int pairs = 1000;
    int n = 1_000_000;
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "m" + i;
    }
    String text = "Hello! Are we still on for lunch tomorrow at noon?";
    Instant at = Instant.now();
    InMemoryMessageStore store = new InMemoryMessageStore();
    long before = usedAfterGc();
    for (int i = 0; i < n; i++) {
      int pair = i % pairs;
      int direction = (i / pairs) & 1;
      store.append(2L * pair + 1 + direction, 2L * pair + 2 - direction, ids[i], text, at);
    }
    long after = usedAfterGc();
    System.out.printf("store structure kept per message: %.1f bytes (%d messages, last seq of user 1: %d)%n",
        (after - before) / (double) n, n, store.lastSeq(1));
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
