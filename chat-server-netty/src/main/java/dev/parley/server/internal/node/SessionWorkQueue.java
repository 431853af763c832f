package dev.parley.server.internal.node;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's blocking work in submission order on the node's shared, bounded executor, so
 * a client's requests (e.g. its SendMessages) are processed in the order it sent them while
 * different sessions run in parallel. At most one drain task per session is on the executor at a
 * time; it runs a few tasks and then yields its thread so one busy session cannot starve others.
 *
 * <p>Thread-safe: {@link #submit} is called from the event loop, tasks run on executor threads.
 */
final class SessionWorkQueue {
  private static final Logger log = LoggerFactory.getLogger(SessionWorkQueue.class);
  private static final int TASKS_PER_TURN = 8;

  private final Executor executor;
  private final int maxPending;
  // guarded by this; made on first submit: a node answering on its event loops never queues, and
  // an empty ArrayDeque already holds a 17-slot array (about 0.1 KiB per connection)
  private ArrayDeque<Runnable> pending;
  private boolean draining; // guarded by this

  SessionWorkQueue(Executor executor, int maxPending) {
    this.executor = executor;
    this.maxPending = maxPending;
  }

  /**
   * Queues {@code task}; false when this session already has {@code maxPending} tasks waiting or
   * the shared executor is full, in which case the task will not run.
   */
  boolean submit(Runnable task) {
    synchronized (this) {
      if (pending == null) {
        pending = new ArrayDeque<>();
      }
      if (pending.size() >= maxPending) {
        return false;
      }
      pending.add(task);
      if (draining) {
        return true;
      }
      draining = true;
    }
    try {
      executor.execute(this::drain);
      return true;
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        // Not draining, so the queue held nothing before this task: it is the only one to drop.
        pending.clear();
        draining = false;
      }
      return false;
    }
  }

  private void drain() {
    while (runTurn()) {
      try {
        executor.execute(this::drain); // yield the thread; the queue continues in a new turn
        return;
      } catch (RejectedExecutionException e) {
        // the executor is full: keep this thread rather than strand the queued tasks
      }
    }
  }

  /** Runs up to {@link #TASKS_PER_TURN} tasks; true when more are waiting. */
  private boolean runTurn() {
    for (int i = 0; i < TASKS_PER_TURN; i++) {
      Runnable next;
      synchronized (this) {
        next = pending.poll();
        if (next == null) {
          draining = false;
          return false;
        }
      }
      runSafely(next);
    }
    return true;
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("session task failed", e);
    }
  }
}
