package dev.parley.bench.load;

import dev.parley.bench.SeedFile.SeedUser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Recorder;

/**
 * Opens and logs in connections at a fixed rate (open loop: connection {@code i} is started at
 * {@code i / rate} seconds whether or not earlier ones have finished), with at most
 * {@code maxInFlight} logins outstanding so a stalled node cannot make the generator open
 * unbounded sockets. Login latency is measured from the intended start, so a generator that falls
 * behind shows up as latency rather than hiding it.
 *
 * <p>Not thread-safe: one {@link #run} at a time, from one thread.
 */
public final class LoginRamp {
  private final ClientFleet fleet;
  private final FrameListener listener;
  private final long heartbeatMs;
  private final Recorder loginLatency = new Recorder(3);
  private final Recorder connectLatency = new Recorder(3);
  private final LongAdder failures = new LongAdder();
  private final Map<String, Integer> failureReasons = new ConcurrentHashMap<>();
  private final Function<SeedUser, CompletableFuture<SeedUser>> tokens;

  /** A ramp that logs in with the seed file's pre-issued tokens. */
  public LoginRamp(ClientFleet fleet, FrameListener listener, long heartbeatMs) {
    this(fleet, listener, heartbeatMs, CompletableFuture::completedFuture);
  }

  /**
   * A ramp that first gets each user's token from {@code tokens} (e.g. a gate login) and then
   * logs in to the chat node with it; login latency covers both.
   */
  public LoginRamp(ClientFleet fleet, FrameListener listener, long heartbeatMs,
      Function<SeedUser, CompletableFuture<SeedUser>> tokens) {
    this.fleet = fleet;
    this.listener = listener;
    this.heartbeatMs = heartbeatMs;
    this.tokens = tokens;
  }

  /** What a ramp did. {@code connections} holds the logged-in ones in user order. */
  public record Outcome(List<BenchConnection> connections, int failed, Map<String, Integer> failureReasons,
      double elapsedSeconds, org.HdrHistogram.Histogram loginLatency, org.HdrHistogram.Histogram connectLatency) {
    public double loginsPerSecond() {
      return elapsedSeconds <= 0 ? 0 : connections.size() / elapsedSeconds;
    }
  }

  /**
   * Logs {@code users} in at {@code ratePerSecond}, waiting at most {@code timeoutSeconds} in all;
   * user {@code i} goes to the fleet's node of slot {@code firstSlot + i}.
   * {@code progress} is called about every {@code progressSeconds} with (done, failed).
   */
  public Outcome run(List<SeedUser> users, int firstSlot, double ratePerSecond, int maxInFlight, long timeoutSeconds,
      Progress progress, long progressSeconds) {
    List<BenchConnection> done = Collections.synchronizedList(new ArrayList<>(users.size()));
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicInteger finished = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long nextReport = start + TimeUnit.SECONDS.toNanos(progressSeconds);
    double intervalNanos = 1e9 / ratePerSecond;
    for (int i = 0; i < users.size() && System.nanoTime() < deadline; i++) {
      long intended = start + (long) (i * intervalNanos);
      waitUntil(intended);
      if (!acquire(inFlight, deadline)) {
        break;
      }
      int slot = firstSlot + i;
      tokens.apply(users.get(i)).thenCompose(u -> fleet.connect(u, slot, listener, heartbeatMs)).whenComplete((c, e) -> {
        inFlight.release();
        if (e != null) {
          failures.increment();
          failureReasons.merge(reason(e), 1, Integer::sum);
        } else {
          loginLatency.recordValue(Math.max(0, System.nanoTime() - intended));
          connectLatency.recordValue(Math.max(0, c.connectedAtNanos() - intended));
          done.add(c);
        }
        finished.incrementAndGet();
      });
      if (System.nanoTime() >= nextReport) {
        progress.report(done.size(), failures.intValue());
        nextReport += TimeUnit.SECONDS.toNanos(progressSeconds);
      }
    }
    // the last logins may still be outstanding: wait for them within the deadline
    while (inFlight.availablePermits() < maxInFlight && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<BenchConnection> ordered;
    synchronized (done) {
      ordered = new ArrayList<>(done);
    }
    ordered.sort((a, b) -> Integer.compare(a.index(), b.index()));
    int notAttempted = users.size() - finished.get();
    if (notAttempted > 0) {
      failureReasons.merge("not started or unanswered before the timeout", notAttempted, Integer::sum);
    }
    return new Outcome(ordered, failures.intValue() + notAttempted, Map.copyOf(failureReasons), elapsed,
        loginLatency.getIntervalHistogram(), connectLatency.getIntervalHistogram());
  }

  /** Receives (logged in, failed) counts while a ramp runs. */
  @FunctionalInterface
  public interface Progress {
    void report(int loggedIn, int failed);
  }

  static void waitUntil(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static boolean acquire(Semaphore s, long deadline) {
    try {
      return s.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t instanceof java.util.concurrent.CompletionException) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    // strip per-user details so reasons aggregate
    return m.replaceAll("user \\d+", "user N").replaceAll("/127\\.0\\.0\\.\\d+:\\d+", "/127.0.0.x:port");
  }
}
