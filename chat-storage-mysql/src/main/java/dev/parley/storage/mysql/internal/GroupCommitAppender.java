package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for message appends: callers queue their appends and get a future; a few writer
 * threads take whatever has queued up (up to a batch size) and write it in one transaction
 * ({@link BatchAppender}), so under load one database round trip serves many appends.
 *
 * <p>Each writer has a queue of its own and a share of the senders (by sender id): all appends of
 * one sender go through one writer, in queue order, so appends a sender submits one after the
 * other (without waiting for the first one's result) get increasing seqs in its mailbox.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The queues are bounded (each writer's holds {@code ceil(queueSize / writers)}): when the
 *       sender's queue is full, {@link #appendAsync} returns a future already failed with
 *       {@code UNAVAILABLE} instead of piling up work.</li>
 *   <li>A future never stays pending forever: after {@link Settings#waitTimeout()} it fails with
 *       {@code UNAVAILABLE} (one shared timer thread, {@code <name>-timeouts}, no thread per
 *       append). If its append was still queued it is withdrawn and never written; if a writer
 *       already had it, it may still be stored (a retry with the same client message id is
 *       answered as a duplicate).</li>
 *   <li>The future completes when the batch holding the append has committed (or the append was
 *       found stored), with the result; or exceptionally with a {@link ChatException} of the code
 *       the transaction failed with (see {@link Transactions}), one exception per append.</li>
 *   <li>{@link #close()} refuses new appends, fails every queued one with {@code UNAVAILABLE},
 *       lets batches in progress finish for a bounded grace period and stops the writers.</li>
 * </ul>
 *
 * <p>Futures complete on a writer thread (or on the timer thread, or the closing thread), and
 * their dependent stages run there (or on a thread waiting on the future, which may help run
 * them): callers must not block in them, or they stall every append of that writer's senders. The writers are daemon threads named {@code <name>-append-1..n}. Each
 * writes one batch at a time on one pooled connection, so appends occupy at most {@code writers}
 * connections of the pool, and none while idle. Thread-safe.
 */
public final class GroupCommitAppender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitAppender.class);
  /** Tells a writer to stop; never completed, never written. */
  private static final PendingAppend STOP = new PendingAppend(new Message(1, 1, 2, "", "", Instant.EPOCH));

  /**
   * How the appender runs.
   *
   * @param name prefix of the writer threads' names
   * @param writers writer threads, at least 1
   * @param maxBatch most appends one transaction carries, at least 1
   * @param queueSize most appends waiting for a writer, at least 1; split evenly among the writers
   *     (rounded up)
   * @param waitTimeout how long an append may take before its future fails with {@code UNAVAILABLE}
   * @param closeGrace how long {@link #close()} waits for batches in progress
   */
  public record Settings(String name, int writers, int maxBatch, int queueSize, Duration waitTimeout, Duration closeGrace) {
    public Settings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(waitTimeout, "waitTimeout");
      Objects.requireNonNull(closeGrace, "closeGrace");
      if (writers < 1 || maxBatch < 1 || queueSize < 1) {
        throw new IllegalArgumentException("writers, maxBatch and queueSize must be positive, were "
            + writers + ", " + maxBatch + ", " + queueSize);
      }
      if (waitTimeout.isNegative() || waitTimeout.isZero() || closeGrace.isNegative()) {
        throw new IllegalArgumentException("waitTimeout must be positive and closeGrace not negative");
      }
    }

    /** The most appends one writer's queue holds. */
    int queuePerWriter() {
      return (queueSize + writers - 1) / writers;
    }
  }

  /** Writes one batch. Called by one writer thread at a time per batch; implementations are thread-safe. */
  interface BatchWriter {
    /**
     * Writes {@code batch} (in queue order, at least one append) and completes every item, or
     * throws, in which case {@link GroupCommitAppender} fails the items not yet completed with the
     * exception.
     */
    void write(List<PendingAppend> batch);
  }

  private final Settings settings;
  private final BatchWriter writer;
  private final AppendCounters counters;
  // One per writer; capacity for its callers' appends plus its STOP. Admission (under
  // `lifecycle`) keeps callers to settings.queuePerWriter().
  private final List<ArrayBlockingQueue<PendingAppend>> queues = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledThreadPoolExecutor timeouts;
  private final Object lifecycle = new Object();
  private volatile boolean closed;

  GroupCommitAppender(Settings settings, BatchWriter writer, AppendCounters counters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.timeouts = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, settings.name() + "-timeouts");
      t.setDaemon(true);
      return t;
    });
    // A completed append cancels its timeout: keep the timer's queue to the appends in flight.
    timeouts.setRemoveOnCancelPolicy(true);
    for (int i = 1; i <= settings.writers(); i++) {
      ArrayBlockingQueue<PendingAppend> queue = new ArrayBlockingQueue<>(settings.queuePerWriter() + 1);
      queues.add(queue);
      Thread t = new Thread(() -> runWriter(queue), settings.name() + "-append-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /**
   * Starts an appender writing through {@code tx} in the way {@code server} allows, with
   * {@link MailboxAppender} as the one-by-one fallback.
   */
  public static GroupCommitAppender start(Transactions tx, ServerTraits server, Settings settings) {
    AppendCounters counters = new AppendCounters();
    return new GroupCommitAppender(settings, new BatchAppender(tx, new MailboxAppender(tx), server, counters), counters);
  }

  /**
   * Queues {@code draft} (already validated) and returns a future completed once a writer has
   * stored it (its batch committed) or found it stored. Never blocks.
   *
   * @return a future failing with {@link ChatException} {@code UNAVAILABLE} when the queue is
   *     full, the appender is closed or the wait times out; otherwise with the code the write
   *     failed with
   */
  public CompletableFuture<AppendResult> appendAsync(Message draft) {
    PendingAppend pending = new PendingAppend(draft);
    ArrayBlockingQueue<PendingAppend> queue = queueOf(draft);
    synchronized (lifecycle) {
      if (closed) {
        return CompletableFuture.failedFuture(closedError());
      }
      if (queue.size() >= settings.queuePerWriter()) {
        return CompletableFuture.failedFuture(new ChatException(ErrorCode.UNAVAILABLE,
            "the message append queue is full (" + queue.size() + " appends of this sender's writer waiting for "
                + "the database, " + settings.queueSize() + " in all at most); try again later"));
      }
      queue.add(pending);
    }
    try {
      pending.timeout(timeouts.schedule(() -> timeOut(pending), settings.waitTimeout().toNanos(), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      // close() ran meanwhile: it shuts the timer down only after failing every queued append.
      pending.fail(closedError());
    }
    return pending.result();
  }

  /**
   * {@link #appendAsync} and waits for it on the caller's thread.
   *
   * @throws ChatException {@code UNAVAILABLE} when the queue is full, the appender is closed, the
   *     wait times out or the thread is interrupted; otherwise the code the write failed with
   */
  public AppendResult append(Message draft) {
    CompletableFuture<AppendResult> result = appendAsync(draft);
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw onCallerThread(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ChatException interrupted = new ChatException(ErrorCode.UNAVAILABLE, "interrupted while waiting for message "
          + draft.clientMsgId() + " to be stored", e);
      withdraw(draft, result, interrupted);
      throw interrupted;
    }
  }

  private ArrayBlockingQueue<PendingAppend> queueOf(Message draft) {
    return queues.get(Math.floorMod(Long.hashCode(draft.senderId()), queues.size()));
  }

  private void timeOut(PendingAppend pending) {
    if (pending.isDone()) {
      return;
    }
    boolean withdrawn = queueOf(pending.draft()).remove(pending);
    pending.fail(new ChatException(ErrorCode.UNAVAILABLE, "message " + pending.draft().clientMsgId()
        + " was not stored within " + settings.waitTimeout().toMillis() + " ms"
        + (withdrawn ? " (still queued; withdrawn)" : " (being written; it may still be stored)")));
  }

  private void withdraw(Message draft, CompletableFuture<AppendResult> result, ChatException why) {
    ArrayBlockingQueue<PendingAppend> queue = queueOf(draft);
    for (PendingAppend p : queue.toArray(new PendingAppend[0])) {
      if (p.result() == result) {
        queue.remove(p);
        p.fail(why);
        return;
      }
    }
    result.completeExceptionally(why);
  }

  // The failure was made on a writer thread: give this caller its own exception, same code and
  // text, with the original as the cause.
  private static ChatException onCallerThread(Throwable cause) {
    if (cause instanceof ChatException e) {
      return new ChatException(e.code(), e.detail(), e);
    }
    return new ChatException(ErrorCode.INTERNAL, "append message: " + cause, cause);
  }

  private void runWriter(ArrayBlockingQueue<PendingAppend> queue) {
    List<PendingAppend> batch = new ArrayList<>(settings.maxBatch());
    while (true) {
      PendingAppend first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return; // close() gave up waiting for us
      }
      if (first == STOP) {
        return;
      }
      batch.add(first);
      queue.drainTo(batch, settings.maxBatch() - 1);
      boolean stop = batch.remove(STOP);
      writeBatch(batch);
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  private void writeBatch(List<PendingAppend> batch) {
    if (closed) {
      batch.forEach(p -> p.fail(closedError()));
      return;
    }
    batch.removeIf(PendingAppend::isDone); // timed out or given up while queued
    if (batch.isEmpty()) {
      return;
    }
    counters.batch(batch.size());
    try {
      writer.write(batch);
    } catch (ChatException e) {
      batch.forEach(p -> p.fail(new ChatException(e.code(), e.detail(), e)));
    } catch (RuntimeException | Error e) {
      log.error("writing a batch of {} message appends failed unexpectedly", batch.size(), e);
      batch.forEach(p -> p.fail(new ChatException(ErrorCode.INTERNAL, "append message: " + e, e)));
      if (e instanceof Error error) {
        throw error; // this writer dies; the others go on
      }
    }
    for (PendingAppend p : batch) {
      if (!p.isDone()) {
        p.fail(new ChatException(ErrorCode.INTERNAL, "append message: the batch writer left message "
            + p.draft().clientMsgId() + " unanswered"));
      }
    }
  }

  /** The counters since start; see {@link AppendStats}. */
  public AppendStats stats() {
    return counters.snapshot(queuedAppends());
  }

  private int queuedAppends() {
    int n = 0;
    for (ArrayBlockingQueue<PendingAppend> queue : queues) {
      for (PendingAppend p : queue.toArray(new PendingAppend[0])) {
        if (p != STOP) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Refuses new appends, fails the queued ones with {@code UNAVAILABLE}, and waits up to the close
   * grace period for the writers to finish the batches they hold; a writer still busy then is
   * interrupted and left to fail when its connection is closed (its appends' futures still fail
   * at their wait timeout). Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // No caller can queue now: everything queued is in the queues.
    List<PendingAppend> queued = new ArrayList<>();
    for (ArrayBlockingQueue<PendingAppend> queue : queues) {
      queue.drainTo(queued);
      queue.add(STOP);
    }
    queued.forEach(p -> p.fail(closedError()));
    PendingWrite.stopWriters(threads, settings.closeGrace(), timeouts, log);
  }

  private static ChatException closedError() {
    return new ChatException(ErrorCode.UNAVAILABLE, "the message store is closed");
  }
}
