package dev.parley.server.internal.gate;

import dev.parley.netty.internal.DaemonThreads;
import dev.parley.server.internal.transport.CheapRejection;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gate's pool for blocking work (password hashing, store calls): {@code threads} threads and a
 * queue of at most {@code queueCapacity} waiting tasks. When both are full, {@link #trySubmit}
 * refuses instead of queueing without bound, and the gate answers 503. Thread-safe.
 */
public final class GateWorkers {
  private final ThreadPoolExecutor pool;

  /** Starts no thread yet: threads are created as work arrives, up to {@code threads}. */
  public GateWorkers(int threads, int queueCapacity) {
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity), DaemonThreads.named("parley-gate-worker-"), CheapRejection.INSTANCE);
  }

  /** Runs {@code task} on a worker; false when the pool and its queue are full or shut down. */
  public boolean trySubmit(Runnable task) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Tasks waiting for a thread. */
  public int queued() {
    return pool.getQueue().size();
  }

  /** Threads running a task. */
  public int active() {
    return pool.getActiveCount();
  }

  /** "threads=4, active=4, queued=256": the state a busy error reports. */
  public String describe() {
    return "threads=" + pool.getMaximumPoolSize() + ", active=" + active() + ", queued=" + queued();
  }

  /** Refuses new work, lets queued work finish for up to {@code grace}, then interrupts. */
  public void shutdown(Duration grace) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
