package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.DaemonThreads;
import dev.parley.server.internal.transport.CheapRejection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a chat node runs its work, chosen once when the node starts and handed to every class that
 * runs requests, pushes or session clean-up, so none of them decides again (like grpc-java's
 * {@code directExecutor()} versus {@code executor(pool)}):
 * <ul>
 *   <li>{@link #inline()}: every SPI the node calls is {@link dev.parley.core.spi.NonBlocking}, so
 *       requests, pushes and the unbind after a close run at once on the calling thread — the
 *       connection's event loop (or, for a push, the thread that stored the data);</li>
 *   <li>{@link #offloaded}: requests run on a bounded blocking-work pool, in each session's order
 *       ({@link SessionWorkQueue}); pushes go through the {@link PushLanes}; the unbind after a
 *       close runs on the pool. Nothing that may block runs on an event loop.</li>
 * </ul>
 *
 * <p>Thread-safe; owned by the node, which calls {@link #shutdown} once when it stops.
 */
public abstract sealed class RequestThreading {
  // Pushes are routed off the request threads; per lane, 1024 waiting pushes bound the memory held.
  private static final int PUSH_LANES = 2;
  private static final int PUSH_LANE_QUEUE = 1024;

  private RequestThreading() {}

  /** Runs everything on the calling thread; only for a node whose every SPI is non-blocking. */
  public static RequestThreading inline() {
    return new Inline();
  }

  /**
   * Runs blocking work on {@code threads} threads with up to {@code queueSize} tasks waiting, and
   * pushes on two push lanes; threads are named {@code threadPrefix + "-work-" + n} and
   * {@code threadPrefix + "-push-" + n}.
   */
  public static RequestThreading offloaded(int threads, int queueSize, String threadPrefix) {
    return new Offloaded(threads, queueSize, threadPrefix);
  }

  /** True when work runs on the calling thread (an event loop for requests). */
  public abstract boolean isInline();

  /** Where requests run, for logs: "the event loops" or "the blocking-work threads". */
  public abstract String describe();

  /**
   * The work queue of a new session, retrying a refused resume on {@code retryTimer} (the
   * connection's event loop); null when inline (requests never wait).
   */
  abstract SessionWorkQueue newSessionQueue(int maxPending, ScheduledExecutorService retryTimer);

  /**
   * Runs {@code task}, a request of {@code session}, in the session's order: offloaded, the session's
   * next request starts once this one has finished, even when that is after {@code task} returned
   * (an asynchronous SendMessage); inline, at once, and nothing waits for a later finish. False when
   * it cannot be queued.
   */
  abstract boolean runRequest(ChatSession session, SessionWorkQueue.Task task);

  /**
   * Runs {@code step} with {@code frame} for {@code userId} in the order pushes to that user were
   * handed over; false when dropped. Inline, nothing is allocated per push.
   */
  abstract boolean runPush(long userId, Frame frame, String exceptSessionId, PushStep step);

  /** What pushes one frame to a user's sessions (but one); a method reference held once by its owner. */
  @FunctionalInterface
  interface PushStep {
    void push(long userId, Frame frame, String exceptSessionId);
  }

  /**
   * Runs {@code task}, a fan-out that looks presence up (a group's push to its members), in the
   * order fan-outs with the same {@code laneKey} (the group) were handed over: inline at once,
   * offloaded on a push lane; false when dropped (the lane is full).
   */
  abstract boolean runFanOut(long laneKey, Runnable task);

  /** Runs {@code task}, which calls SPIs, outside any session's order; false when the pool is full. */
  abstract boolean runWork(Runnable task);

  /** Lets queued work finish for a few seconds, then abandons it; the stored data is kept. */
  public abstract void shutdown();

  private static final class Inline extends RequestThreading {
    // An inline request that finishes later (a non-blocking store's pending append) holds up nothing.
    private static final Runnable NOTHING = () -> {};

    @Override
    public boolean isInline() {
      return true;
    }

    @Override
    public String describe() {
      return "the event loops";
    }

    @Override
    SessionWorkQueue newSessionQueue(int maxPending, ScheduledExecutorService retryTimer) {
      return null;
    }

    @Override
    boolean runRequest(ChatSession session, SessionWorkQueue.Task task) {
      task.run(NOTHING);
      return true;
    }

    @Override
    boolean runPush(long userId, Frame frame, String exceptSessionId, PushStep step) {
      step.push(userId, frame, exceptSessionId);
      return true;
    }

    @Override
    boolean runFanOut(long laneKey, Runnable task) {
      task.run();
      return true;
    }

    @Override
    boolean runWork(Runnable task) {
      task.run();
      return true;
    }

    @Override
    public void shutdown() {}
  }

  private static final class Offloaded extends RequestThreading {
    private final ThreadPoolExecutor blockingWork;
    private final PushLanes pushLanes;

    Offloaded(int threads, int queueSize, String threadPrefix) {
      this.blockingWork = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(queueSize), DaemonThreads.named(threadPrefix + "-work-"), CheapRejection.INSTANCE);
      this.pushLanes = new PushLanes(PUSH_LANES, PUSH_LANE_QUEUE, threadPrefix + "-push-");
    }

    @Override
    public boolean isInline() {
      return false;
    }

    @Override
    public String describe() {
      return "the blocking-work threads";
    }

    @Override
    SessionWorkQueue newSessionQueue(int maxPending, ScheduledExecutorService retryTimer) {
      return new SessionWorkQueue(blockingWork, maxPending, retryTimer);
    }

    @Override
    boolean runRequest(ChatSession session, SessionWorkQueue.Task task) {
      return session.work().submit(task);
    }

    @Override
    boolean runPush(long userId, Frame frame, String exceptSessionId, PushStep step) {
      return pushLanes.submit(userId, () -> step.push(userId, frame, exceptSessionId));
    }

    @Override
    boolean runFanOut(long laneKey, Runnable task) {
      return pushLanes.submit(laneKey, task);
    }

    @Override
    boolean runWork(Runnable task) {
      try {
        blockingWork.execute(task);
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }

    /** Blocking work first (queued work, e.g. the unbinds of the sessions just closed, still runs), then pushes. */
    @Override
    public void shutdown() {
      blockingWork.shutdown();
      try {
        if (!blockingWork.awaitTermination(5, TimeUnit.SECONDS)) {
          blockingWork.shutdownNow();
        }
      } catch (InterruptedException e) {
        blockingWork.shutdownNow();
        Thread.currentThread().interrupt();
      }
      pushLanes.shutdown(1000);
    }
  }
}
