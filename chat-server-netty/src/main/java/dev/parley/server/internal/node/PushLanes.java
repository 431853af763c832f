package dev.parley.server.internal.node;

import dev.parley.netty.internal.DaemonThreads;
import dev.parley.server.internal.transport.CheapRejection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A few single-threaded lanes, each with a bounded queue, that route pushes off the thread that
 * stored the data: the presence look-up a push needs then never delays the request's answer (a
 * SendAck). Work for one user always takes the same lane, so pushes to a user keep the order in
 * which they were handed over. A full lane refuses the work; the caller drops that push, since the
 * mailbox (or friend list) already holds what it carried.
 *
 * <p>Thread-safe; owned by the node, which calls {@link #shutdown} once when it stops.
 */
public final class PushLanes {
  private final ThreadPoolExecutor[] lanes;

  /** {@code lanes} threads named after {@code threadPrefix}, each with up to {@code queuePerLane} waiting. */
  public PushLanes(int lanes, int queuePerLane, String threadPrefix) {
    this.lanes = new ThreadPoolExecutor[lanes];
    ThreadFactory threads = DaemonThreads.named(threadPrefix); // one thread per lane, numbered as they start
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queuePerLane),
          threads, CheapRejection.INSTANCE);
    }
  }

  /** Queues {@code task} on {@code userId}'s lane; false when that lane is full or shut down. */
  boolean submit(long userId, Runnable task) {
    try {
      lanes[Math.floorMod(Long.hashCode(userId), lanes.length)].execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Lets queued pushes run for up to {@code millis}, then abandons the rest (their data is stored). */
  public void shutdown(long millis) {
    for (ThreadPoolExecutor lane : lanes) {
      lane.shutdown();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      for (ThreadPoolExecutor lane : lanes) {
        if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          lane.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      for (ThreadPoolExecutor lane : lanes) {
        lane.shutdownNow();
      }
      Thread.currentThread().interrupt();
    }
  }
}
