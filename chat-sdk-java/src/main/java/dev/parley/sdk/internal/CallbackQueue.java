package dev.parley.sdk.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's callbacks on the client's executor one at a time, in submission order, never
 * on the submitting (network) thread. A failing task is logged and does not stop the ones after
 * it. The queue itself is unbounded in code but bounded in effect: when more than
 * {@code highWater} tasks wait, {@code backlog} hears {@code true} and the session stops reading
 * from the network until the backlog falls to {@code highWater / 4} ({@code false}).
 *
 * <p>Thread-safe.
 */
final class CallbackQueue {
  private static final Logger log = LoggerFactory.getLogger(CallbackQueue.class);
  private static final int BATCH = 64;

  private final Executor executor;
  private final int highWater;
  private final Consumer<Boolean> backlog;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean paused = new AtomicBoolean();

  CallbackQueue(Executor executor, int highWater, Consumer<Boolean> backlog) {
    this.executor = executor;
    this.highWater = highWater;
    this.backlog = backlog;
  }

  void submit(Runnable task) {
    tasks.add(task);
    if (size.incrementAndGet() > highWater && paused.compareAndSet(false, true)) {
      backlog.accept(true);
    }
    schedule();
  }

  private void schedule() {
    if (running.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        running.set(false);
        log.warn("callback executor refused work; {} callbacks dropped", size.get(), e);
        tasks.clear();
        size.set(0);
      }
    }
  }

  private void drain() {
    for (int i = 0; i < BATCH; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        break;
      }
      runOne(task);
      if (size.decrementAndGet() <= highWater / 4 && paused.compareAndSet(true, false)) {
        backlog.accept(false);
      }
    }
    running.set(false);
    // more work may have arrived after the last poll; re-check so nothing is stranded
    if (!tasks.isEmpty()) {
      schedule();
    }
  }

  private static void runOne(Runnable task) {
    try {
      task.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      log.error("callback failed", e);
    }
  }
}
