package dev.parley.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency histogram (recorded in nanoseconds), in microseconds. Immutable.
 */
public record LatencySummary(long count, double p50Us, double p90Us, double p99Us, double p999Us, double maxUs,
    double meanUs) {
  /** Summarises {@code h}; all zeros when it is empty. */
  public static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(h.getTotalCount(), us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
        us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), h.getMean() / 1000.0);
  }

  private static double us(long nanos) {
    return Math.round(nanos / 100.0) / 10.0;
  }

  /** "p50 0.21 ms, p90 ..., max ... ms" for the human summary. */
  public String describe() {
    return String.format("p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (n=%d)",
        p50Us / 1000, p90Us / 1000, p99Us / 1000, p999Us / 1000, maxUs / 1000, count);
  }
}
