package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One caller's write waiting in a group-commit queue ({@link GroupCommitAppender} for one-to-one
 * messages, {@link GroupAppendQueue} for group messages): the validated draft, the future handed to
 * its caller and the timer task that fails it at the wait timeout. The first completion wins; later
 * ones are ignored, so a writer finishing a write whose future already timed out is harmless.
 * Completing cancels the timer task. Thread-safe.
 *
 * @param <D> the draft
 * @param <R> the result the caller gets
 */
class PendingWrite<D, R> {
  private final D draft;
  private final CompletableFuture<R> result = new CompletableFuture<>();
  private volatile Future<?> timeout;

  PendingWrite(D draft) {
    this.draft = Objects.requireNonNull(draft, "draft");
  }

  final D draft() {
    return draft;
  }

  final CompletableFuture<R> result() {
    return result;
  }

  /** Sets the timer task to cancel on completion (at once if already complete). */
  final void timeout(Future<?> task) {
    timeout = task;
    if (result.isDone()) {
      task.cancel(false);
    }
  }

  final void complete(R r) {
    if (result.complete(r)) {
      cancelTimeout();
    }
  }

  final void fail(ChatException e) {
    if (result.completeExceptionally(e)) {
      cancelTimeout();
    }
  }

  private void cancelTimeout() {
    Future<?> task = timeout;
    if (task != null) {
      task.cancel(false);
    }
  }

  /** True once completed either way (including by its caller, or by its timeout). */
  final boolean isDone() {
    return result.isDone();
  }

  /**
   * The end of a queue's {@code close()}: waits up to {@code grace} for the writer threads to finish
   * the batches they hold, interrupts any still busy (it fails when its connection is closed; its
   * writes' futures still fail at their wait timeout), then stops the timer. Keeps the caller's
   * interrupt.
   */
  static void stopWriters(List<Thread> threads, Duration grace, ScheduledThreadPoolExecutor timeouts, Logger log) {
    long deadline = System.nanoTime() + grace.toNanos();
    boolean interrupted = false;
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (!interrupted && left > 0) {
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          interrupted = true; // stop waiting; still stop the writers
        }
      }
      if (t.isAlive()) {
        log.warn("{} still writing a batch after the close grace period of {} ms; interrupting it", t.getName(),
            grace.toMillis());
        t.interrupt();
      }
    }
    // Writes still being written keep their own deadlines until the writers are gone.
    timeouts.shutdown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
