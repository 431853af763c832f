package dev.parley.server.internal.node;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's blocking work in submission order on the node's shared, bounded executor, so
 * a client's requests (e.g. its SendMessages) are processed in the order it sent them while
 * different sessions run in parallel. At most one drain task per session is on the executor at a
 * time; it runs a few tasks and then yields its thread so one busy session cannot starve others.
 *
 * <p>A task may finish later than it returns (a SendMessage waiting for its group commit): the
 * drain then gives its thread back, and the session's next task starts, on the executor again,
 * only once the task has called its {@code done}. So a session's order holds without holding a
 * thread while it waits. If the executor is full at that moment, the resume is retried on the
 * {@code retryTimer} (the connection's event loop) until it is taken: nothing is dropped that was
 * already accepted.
 *
 * <p>Thread-safe: {@link #submit} is called from the event loop, tasks run on executor threads,
 * {@code done} may come from any thread.
 */
final class SessionWorkQueue {
  private static final Logger log = LoggerFactory.getLogger(SessionWorkQueue.class);
  private static final int TASKS_PER_TURN = 8;
  private static final long RESUME_RETRY_MS = 5;

  /** One request of the session; runs on an executor thread, and finishes there or later. */
  @FunctionalInterface
  interface Task {
    /**
     * Runs the task. Returns true when it has finished; false when it finishes later and then calls
     * {@code done} exactly once, from any thread (possibly before this returns). Not calling it
     * stalls the session's queue, so it must be called on failure too.
     */
    boolean run(Runnable done);
  }

  /** Where the task taken last stands; only ever one task of a session is started and unfinished. */
  private enum Started { NONE, RUNNING, DONE_EARLY, WAITING }

  /** What a turn of the drain ended with. */
  private enum Turn { MORE, EMPTY, WAITING }

  private final Executor executor;
  private final ScheduledExecutorService retryTimer;
  private final int maxPending;
  // one for the queue, not one per task (a session has at most one task unfinished), made when the
  // first task runs; only the drain running at the time touches it
  private Runnable done;
  // guarded by this; made on first submit: a node answering on its event loops never queues, and
  // an empty ArrayDeque already holds a 17-slot array (about 0.1 KiB per connection)
  private ArrayDeque<Task> pending;
  // guarded by this: true while a drain is on the executor or running, or a task is unfinished
  private boolean draining;
  private Started started = Started.NONE; // guarded by this

  /** A resume refused by the full {@code executor} is retried on {@code retryTimer}, which must not block. */
  SessionWorkQueue(Executor executor, int maxPending, ScheduledExecutorService retryTimer) {
    this.executor = executor;
    this.maxPending = maxPending;
    this.retryTimer = retryTimer;
  }

  /** {@link #submit(Task)} of a task that finishes when {@code task} returns. */
  boolean submit(Runnable task) {
    return submit(done -> {
      task.run();
      return true;
    });
  }

  /**
   * Queues {@code task}; false when this session already has {@code maxPending} tasks waiting or
   * the shared executor is full, in which case the task will not run. A task waiting for its
   * {@code done} no longer counts as waiting.
   */
  boolean submit(Task task) {
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
    while (runTurn() == Turn.MORE) {
      try {
        executor.execute(this::drain); // yield the thread; the queue continues in a new turn
        return;
      } catch (RejectedExecutionException e) {
        // the executor is full: keep this thread rather than strand the queued tasks
      }
    }
  }

  /** Runs up to {@link #TASKS_PER_TURN} tasks, stopping early at one that finishes later. */
  private Turn runTurn() {
    for (int i = 0; i < TASKS_PER_TURN; i++) {
      Task next;
      synchronized (this) {
        next = pending.poll();
        if (next == null) {
          draining = false;
          return Turn.EMPTY;
        }
        started = Started.RUNNING;
      }
      boolean finished = runSafely(next);
      synchronized (this) {
        if (!finished && started == Started.RUNNING) {
          started = Started.WAITING; // taskDone resumes the queue; this thread goes back to the pool
          return Turn.WAITING;
        }
        started = Started.NONE; // finished, or done was called before run returned
      }
    }
    return Turn.MORE;
  }

  private void taskDone() {
    synchronized (this) {
      if (started == Started.RUNNING) {
        started = Started.DONE_EARLY; // runTurn sees it and goes on with the next task itself
        return;
      }
      if (started != Started.WAITING) {
        log.warn("a session task called done when no task was waiting for it ({})", started);
        return;
      }
      started = Started.NONE;
      if (pending.isEmpty()) {
        draining = false; // nothing waits: the next submit starts a drain
        return;
      }
    }
    resume();
  }

  /** Puts the drain back on the executor; runs on the thread that finished a task, so never blocks. */
  private void resume() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException full) {
      if (executor instanceof ExecutorService pool && pool.isShutdown()) {
        return; // the node is stopping: its sessions are closed, what waits would be skipped anyway
      }
      try {
        retryTimer.schedule(this::resume, RESUME_RETRY_MS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        // the event loops are shutting down with the node: its sessions are closed already
        log.debug("session queue not resumed: the node is stopping");
      }
    }
  }

  private boolean runSafely(Task task) {
    if (done == null) {
      done = this::taskDone;
    }
    try {
      return task.run(done);
    } catch (RuntimeException | Error e) {
      log.error("session task failed", e);
      return true;
    }
  }
}
