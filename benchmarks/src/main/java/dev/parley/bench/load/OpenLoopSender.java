package dev.parley.bench.load;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a ledger's messages at a fixed total rate, open loop: message {@code k} is due at
 * {@code start + k / rate} whether or not earlier ones were answered. Each client event loop paces
 * its own senders' messages with a timer on that loop: when it fires it writes every one of its
 * messages due by then, flushes each connection it wrote to once, and sets the timer for its next
 * due message. No pacing thread hands work across threads, so the generator spends no wake-ups
 * of its own between the clock and the socket (an earlier design with one pacing thread cost a
 * cross-thread wake-up per message). A loop's lateness is part of the measured latency, as it should
 * be: latency counts from the intended time.
 *
 * <p>Not thread-safe: {@link #run} once, from one thread; the pacing runs on the event loops.
 */
final class OpenLoopSender {
  private final PacedLedger ledger;
  private final String text;

  OpenLoopSender(PacedLedger ledger, String text) {
    this.ledger = ledger;
    this.text = text;
  }

  /**
   * Sends at {@code ratePerSecond} from {@code startNanos} until {@code endNanos} or until the
   * ledger is full; returns once every due message was handed to its connection (written, or
   * skipped when its sender's connection had closed). Returns how many that was.
   */
  int run(double ratePerSecond, long startNanos, long endNanos) {
    double interval = 1e9 / ratePerSecond;
    int count = 0;
    while (count < ledger.capacity() && startNanos + (long) (count * interval) - endNanos < 0) {
      count++;
    }
    Map<EventLoop, List<Integer>> byLoop = new IdentityHashMap<>();
    for (int k = 0; k < count; k++) {
      byLoop.computeIfAbsent(ledger.sender(k).channel().eventLoop(), l -> new ArrayList<>()).add(k);
    }
    CountDownLatch done = new CountDownLatch(byLoop.size());
    List<LoopPacer> pacers = new ArrayList<>();
    byLoop.forEach((loop, ks) -> pacers.add(new LoopPacer(loop, ks.stream().mapToInt(Integer::intValue).toArray(),
        startNanos, interval, done)));
    pacers.forEach(LoopPacer::start);
    awaitQuietly(done, endNanos - System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
    if (done.getCount() > 0) {
      // An event loop stopped pacing (it is shutting down): stop the others and count what left.
      pacers.forEach(LoopPacer::cancel);
      awaitQuietly(done, TimeUnit.SECONDS.toNanos(5));
    }
    return pacers.stream().mapToInt(LoopPacer::handedOver).sum();
  }

  private static void awaitQuietly(CountDownLatch latch, long nanos) {
    try {
      latch.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One event loop's share of the messages, in due order, sent by a timer on that loop. */
  private final class LoopPacer implements Runnable {
    private final EventLoop loop;
    private final int[] ks;
    private final long startNanos;
    private final double interval;
    private final CountDownLatch done;
    private final AtomicInteger next = new AtomicInteger(); // index into ks; written on the loop only
    private volatile boolean cancelled;
    private boolean finished;

    LoopPacer(EventLoop loop, int[] ks, long startNanos, double interval, CountDownLatch done) {
      this.loop = loop;
      this.ks = ks;
      this.startNanos = startNanos;
      this.interval = interval;
      this.done = done;
    }

    void start() {
      schedule(System.nanoTime());
    }

    void cancel() {
      cancelled = true;
    }

    int handedOver() {
      return next.get();
    }

    private long due(int k) {
      return startNanos + (long) (k * interval);
    }

    @Override
    public void run() {
      if (cancelled) {
        finish();
        return;
      }
      long now = System.nanoTime();
      int i = next.get();
      BenchConnection[] touched = new BenchConnection[16];
      int touchedCount = 0;
      while (i < ks.length && due(ks[i]) - now <= 0) {
        int k = ks[i];
        BenchConnection sender = ledger.sender(k);
        if (sender.isOpen()) {
          ledger.write(k, due(k), text);
          if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
          }
          touched[touchedCount++] = sender;
        } else {
          ledger.skip(k);
        }
        i++;
      }
      next.set(i);
      for (int t = 0; t < touchedCount; t++) {
        touched[t].flush(); // a second flush of the same connection finds nothing to send
      }
      if (i < ks.length) {
        schedule(now);
      } else {
        finish();
      }
    }

    private void schedule(long now) {
      try {
        loop.schedule(this, Math.max(0, due(ks[next.get()]) - now), TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) { // the loop is shutting down
        finish();
      }
    }

    private void finish() {
      if (!finished) {
        finished = true;
        done.countDown();
      }
    }
  }
}
