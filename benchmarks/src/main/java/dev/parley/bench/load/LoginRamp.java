package dev.parley.bench.load;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.netty.internal.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Recorder;

/**
 * Opens and logs in connections at a fixed rate, or as fast as it can (open loop: connection {@code i} is started at
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
  private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
  private final LongAdder retries = new LongAdder();
  private final AtomicLong lastLoggedIn = new AtomicLong(Long.MIN_VALUE);

  /** The shortest wait before a login refused RATE_LIMITED is tried again. */
  static final long MIN_RETRY_MS = 10;

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

  /**
   * What a ramp did. {@code connections} holds the logged-in ones in user order; {@code refusalsByCode}
   * counts every refused attempt by the node's error code (RATE_LIMITED ones were retried after their
   * retry-after, {@code retries} times in all), CLOSED for a connection the node closed before
   * answering, CONNECT_FAILED for a TCP connect that failed; {@code allLoggedInSeconds} is the time
   * from the first login sent until the last user logged in, -1 when not everyone did.
   */
  public record Outcome(List<BenchConnection> connections, int failed, Map<String, Integer> failureReasons,
      double elapsedSeconds, org.HdrHistogram.Histogram loginLatency, org.HdrHistogram.Histogram connectLatency,
      Map<String, Integer> refusalsByCode, long retries, double allLoggedInSeconds) {
    public double loginsPerSecond() {
      return elapsedSeconds <= 0 ? 0 : connections.size() / elapsedSeconds;
    }
  }

  /**
   * Logs {@code users} in at {@code ratePerSecond} (0 or less: as fast as {@code maxInFlight}
   * allows, a storm), waiting at most {@code timeoutSeconds} in all; user {@code i} goes to the
   * fleet's node of slot {@code firstSlot + i}. A login refused RATE_LIMITED is tried again on a
   * new connection after the node's retry-after (at least {@link #MIN_RETRY_MS}), like the SDK
   * does; such retries wait outside the in-flight bound (there are at most as many as users).
   * {@code progress} is called about every {@code progressSeconds} with (done, failed).
   */
  public Outcome run(List<SeedUser> users, int firstSlot, double ratePerSecond, int maxInFlight, long timeoutSeconds,
      Progress progress, long progressSeconds) {
    return run(users, null, firstSlot, ratePerSecond, maxInFlight, timeoutSeconds, progress, progressSeconds);
  }

  /**
   * As above; {@code devices} (null: none), as long as {@code users}, names the device each login
   * logs in as (the same user may then appear several times, once per device).
   */
  public Outcome run(List<SeedUser> users, List<BenchDevice> devices, int firstSlot, double ratePerSecond,
      int maxInFlight, long timeoutSeconds, Progress progress, long progressSeconds) {
    if (devices != null && devices.size() != users.size()) {
      throw new IllegalArgumentException(devices.size() + " devices for " + users.size() + " logins");
    }
    AtomicReferenceArray<BenchConnection> done = new AtomicReferenceArray<>(users.size());
    AtomicInteger loggedIn = new AtomicInteger();
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicInteger finished = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long nextReport = start + TimeUnit.SECONDS.toNanos(progressSeconds);
    double intervalNanos = ratePerSecond > 0 && Double.isFinite(ratePerSecond) ? 1e9 / ratePerSecond : 0;
    ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(
        DaemonThreads.named("parley-bench-login-retry-"));
    int started = 0;
    try {
      for (int i = 0; i < users.size() && System.nanoTime() < deadline; i++) {
        long intended = start + (long) (i * intervalNanos);
        waitUntil(intended);
        if (!acquire(inFlight, deadline)) {
          break;
        }
        started++;
        Attempt a = new Attempt(users.get(i), devices == null ? null : devices.get(i), i, firstSlot + i, intended, deadline, done, loggedIn, finished, retrier);
        a.whenDone = inFlight::release;
        a.start();
        if (System.nanoTime() >= nextReport) {
          progress.report(loggedIn.get(), failures.intValue());
          nextReport += TimeUnit.SECONDS.toNanos(progressSeconds);
        }
      }
      // the last logins (and retries) may still be outstanding: wait for them within the deadline
      while (finished.get() < started && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    } finally {
      retrier.shutdownNow();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<BenchConnection> ordered = new ArrayList<>(loggedIn.get());
    for (int i = 0; i < done.length(); i++) {
      if (done.get(i) != null) {
        ordered.add(done.get(i)); // in user order, even when retries opened connections out of order
      }
    }
    int notAttempted = users.size() - finished.get();
    if (notAttempted > 0) {
      failureReasons.merge("not started or unanswered before the timeout", notAttempted, Integer::sum);
    }
    double all = ordered.size() == users.size() ? (lastLoggedIn.get() - start) / 1e9 : -1;
    return new Outcome(ordered, failures.intValue() + notAttempted, Map.copyOf(failureReasons), elapsed,
        loginLatency.getIntervalHistogram(), connectLatency.getIntervalHistogram(), Map.copyOf(refusals),
        retries.sum(), all);
  }

  /** One user's login, tried again after each RATE_LIMITED until it succeeds, fails otherwise or time is up. */
  private final class Attempt {
    private final SeedUser user;
    private final BenchDevice device;
    private final int position;
    private final int slot;
    private final long intended;
    private final long deadline;
    private final AtomicReferenceArray<BenchConnection> done;
    private final AtomicInteger loggedIn;
    private final AtomicInteger finished;
    private final ScheduledExecutorService retrier;
    private Runnable whenDone = () -> { };
    private boolean released;

    Attempt(SeedUser user, BenchDevice device, int position, int slot, long intended, long deadline, AtomicReferenceArray<BenchConnection> done,
        AtomicInteger loggedIn, AtomicInteger finished, ScheduledExecutorService retrier) {
      this.user = user;
      this.device = device;
      this.position = position;
      this.slot = slot;
      this.loggedIn = loggedIn;
      this.intended = intended;
      this.deadline = deadline;
      this.done = done;
      this.finished = finished;
      this.retrier = retrier;
    }

    void start() {
      tokens.apply(user).thenCompose(u -> fleet.connect(u, device, slot, listener, heartbeatMs)).whenComplete(this::completed);
    }

    private void completed(BenchConnection c, Throwable e) {
      releaseOnce();
      if (e == null) {
        long now = System.nanoTime();
        lastLoggedIn.accumulateAndGet(now, Math::max);
        loginLatency.recordValue(Math.max(0, now - intended));
        connectLatency.recordValue(Math.max(0, c.connectedAtNanos() - intended));
        done.set(position, c);
        loggedIn.incrementAndGet();
        finished.incrementAndGet();
        return;
      }
      Throwable cause = unwrap(e);
      refusals.merge(codeOf(cause), 1, Integer::sum);
      if (cause instanceof LoginRefused r && r.code() == ChatProtocol.ErrorCode.RATE_LIMITED) {
        long waitMs = Math.max(MIN_RETRY_MS, r.retryAfterMs());
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs) - deadline < 0) {
          retries.increment();
          try {
            retrier.schedule(this::start, waitMs, TimeUnit.MILLISECONDS);
            return;
          } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // the ramp is over: count it as failed below
          }
        }
      }
      failures.increment();
      failureReasons.merge(reason(cause), 1, Integer::sum);
      finished.incrementAndGet();
    }

    private void releaseOnce() {
      if (!released) {
        released = true;
        whenDone.run();
      }
    }
  }

  /** The node's error code of a refused login; CLOSED or CONNECT_FAILED when there was no answer. */
  static String codeOf(Throwable cause) {
    if (cause instanceof LoginRefused r) {
      return r.code().name();
    }
    return cause instanceof java.net.ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException
        ? "CONNECT_FAILED" : "CLOSED";
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t instanceof java.util.concurrent.CompletionException) {
      t = t.getCause();
    }
    return t;
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
    Throwable t = unwrap(e);
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    // strip per-user details so reasons aggregate
    return m.replaceAll("user \\d+", "user N").replaceAll("/127\\.0\\.0\\.\\d+:\\d+", "/127.0.0.x:port");
  }
}
