package dev.parley.bench.load;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a ledger's messages at a fixed total rate, open loop: message {@code k} is due at
 * {@code start + k / rate} whether or not earlier ones were answered. One pacer thread wakes when
 * the next message is due, takes every message due by then and hands them, grouped by the
 * sender's event loop, to those loops in one task each (writes, then one flush per connection).
 * Its own lateness is part of the measured latency, as it should be: latency counts from the
 * intended time.
 *
 * <p>Not thread-safe: {@link #run} once, on the thread that owns the pacing.
 */
final class OpenLoopSender {
  private static final int MAX_BATCH = 4096;

  private final MessageLedger ledger;
  private final String text;

  OpenLoopSender(MessageLedger ledger, String text) {
    this.ledger = ledger;
    this.text = text;
  }

  /**
   * Sends at {@code ratePerSecond} from {@code startNanos} until {@code endNanos} or until the
   * ledger is full. Returns how many messages were handed to the event loops.
   */
  int run(double ratePerSecond, long startNanos, long endNanos) {
    double interval = 1e9 / ratePerSecond;
    int k = 0;
    int capacity = ledger.capacity();
    while (k < capacity) {
      long due = startNanos + (long) (k * interval);
      if (due - endNanos >= 0) {
        break;
      }
      LoginRamp.waitUntil(due);
      long now = System.nanoTime();
      int first = k;
      while (k < capacity && k - first < MAX_BATCH) {
        long next = startNanos + (long) (k * interval);
        if (next - now > 0 || next - endNanos >= 0) {
          break;
        }
        k++;
      }
      dispatch(first, k, startNanos, interval);
    }
    return k;
  }

  private void dispatch(int from, int to, long startNanos, double interval) {
    Map<EventLoop, List<Integer>> byLoop = new IdentityHashMap<>();
    for (int k = from; k < to; k++) {
      byLoop.computeIfAbsent(ledger.sender(k).channel().eventLoop(), l -> new ArrayList<>()).add(k);
    }
    byLoop.forEach((loop, ks) -> loop.execute(() -> {
      List<BenchConnection> touched = new ArrayList<>(ks.size());
      for (int k : ks) {
        BenchConnection sender = ledger.sender(k);
        if (sender.isOpen()) {
          ledger.write(k, startNanos + (long) (k * interval), text);
          touched.add(sender);
        } else {
          ledger.skip(k);
        }
      }
      touched.forEach(BenchConnection::flush);
    }));
  }
}
