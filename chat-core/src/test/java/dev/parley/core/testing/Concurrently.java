package dev.parley.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs a task on many threads that start together (behind one latch) and collects the results
 * in task order, failing the test if any task throws or all do not finish within the timeout.
 * Tasks that expect an exception catch it and return something describing it.
 */
public final class Concurrently {
  /** How long all tasks together may take. */
  public static final long TIMEOUT_SECONDS = 30;

  private Concurrently() {}

  /** Runs {@code task.apply(0..threads-1)}, one per thread, all released at once. */
  public static <T> List<T> call(int threads, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("start signal never came");
          }
          return task.apply(index);
        }));
      }
      if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("threads did not start within " + TIMEOUT_SECONDS + " s");
      }
      go.countDown();
      return collect(futures);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Waits at {@code barrier} so that tasks doing several rounds start each round together; fails
   * the test when the others do not arrive within the timeout.
   */
  public static void await(CyclicBarrier barrier) {
    try {
      barrier.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted at a barrier", e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new AssertionError("concurrent tasks did not meet at the barrier", e);
    }
  }

  private static <T> List<T> collect(List<Future<T>> futures) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    List<T> results = new ArrayList<>(futures.size());
    for (Future<T> f : futures) {
      try {
        results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (ExecutionException e) {
        throw new AssertionError("a concurrent task failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new AssertionError("concurrent tasks did not finish within " + TIMEOUT_SECONDS + " s", e);
      }
    }
    return results;
  }
}
