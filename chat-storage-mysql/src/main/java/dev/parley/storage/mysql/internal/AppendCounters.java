package dev.parley.storage.mysql.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running counters behind {@link AppendStats}, shared by {@link GroupCommitAppender} (batches
 * and their sizes) and {@link BatchAppender} (pre-read retries, fallbacks). Thread-safe; updates are cheap under
 * contention.
 */
final class AppendCounters {
  private final LongAdder batches = new LongAdder();
  private final LongAdder items = new LongAdder();
  private final AtomicInteger largestBatch = new AtomicInteger();
  private final LongAdder preReads = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();

  void batch(int size) {
    batches.increment();
    items.add(size);
    largestBatch.accumulateAndGet(size, Math::max);
  }

  void preRead() {
    preReads.increment();
  }

  void fallback() {
    fallbacks.increment();
  }

  AppendStats snapshot(int queued) {
    return new AppendStats(batches.sum(), items.sum(), largestBatch.get(), preReads.sum(), fallbacks.sum(), queued);
  }
}
