package dev.parley.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Delivery latency in one-second bins by each message's intended send time, counted from the start
 * of traffic (warm-up included), so a run against a freshly started server shows how the tail
 * settles second by second. Bins are made on first use; at most {@link #MAX_SECONDS} are kept
 * (later messages are left out of the bins, not of the run's totals).
 *
 * <p>Thread-safe: any event loop may {@link #record}; {@link #seconds} reads a snapshot.
 */
public final class PerSecondLatency {
  /** The bins kept: the first ten minutes of traffic. */
  public static final int MAX_SECONDS = 600;

  private final long startNanos;
  private final AtomicReferenceArray<Histogram> bins;

  /** Bins of {@code seconds} (at most {@link #MAX_SECONDS}) from {@code startNanos} ({@link System#nanoTime}). */
  public PerSecondLatency(long startNanos, double seconds) {
    this.startNanos = startNanos;
    this.bins = new AtomicReferenceArray<>((int) Math.min(MAX_SECONDS, Math.max(1, Math.ceil(seconds))));
  }

  /** One second's delivery latency; {@code second} 0 is the first second of traffic. Immutable. */
  public record Second(int second, long count, double p50Us, double p99Us, double maxUs) {}

  /** Records one message intended at {@code intendedNanos} and answered {@code latencyNanos} later. */
  void record(long intendedNanos, long latencyNanos) {
    long s = (intendedNanos - startNanos) / 1_000_000_000L;
    if (s < 0 || s >= bins.length()) {
      return;
    }
    int i = (int) s;
    Histogram h = bins.get(i);
    if (h == null) {
      bins.compareAndSet(i, null, new ConcurrentHistogram(3));
      h = bins.get(i);
    }
    h.recordValue(Math.max(0, latencyNanos));
  }

  /** Every second that had traffic, in order. */
  public List<Second> seconds() {
    List<Second> out = new ArrayList<>();
    for (int i = 0; i < bins.length(); i++) {
      Histogram h = bins.get(i);
      if (h != null && h.getTotalCount() > 0) {
        LatencySummary s = LatencySummary.of(h.copy());
        out.add(new Second(i, s.count(), s.p50Us(), s.p99Us(), s.maxUs()));
      }
    }
    return out;
  }
}
