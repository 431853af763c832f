package dev.parley.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A {@link Recorder} read in intervals (for progress lines) whose intervals also add up to the
 * whole run. Thread-safe: recording is the recorder's; {@link #interval} and {@link #total} are
 * synchronized.
 */
final class RunningHistogram {
  private final Recorder recorder;
  private final Histogram total = new Histogram(3);

  RunningHistogram(Recorder recorder) {
    this.recorder = recorder;
  }

  /** What was recorded since the last call (also added to the total). */
  synchronized Histogram interval() {
    Histogram h = recorder.getIntervalHistogram();
    total.add(h);
    return h;
  }

  /** Everything recorded so far. */
  synchronized Histogram total() {
    interval();
    return total.copy();
  }
}
