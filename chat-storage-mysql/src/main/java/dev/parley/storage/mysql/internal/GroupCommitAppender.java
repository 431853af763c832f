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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for message appends: callers queue their appends and wait; a few writer threads
 * take whatever has queued up (up to a batch size) and write it in one transaction
 * ({@link BatchAppender}), so under load one database round trip serves many appends.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The queue is bounded: when it is full, {@link #append} fails at once with
 *       {@code UNAVAILABLE} instead of piling up work.</li>
 *   <li>A caller never waits forever: after {@link Settings#waitTimeout()} it gets
 *       {@code UNAVAILABLE}. If its append was still queued it is withdrawn and never written;
 *       if a writer already had it, it may still be stored (a retry with the same client message
 *       id is answered as a duplicate).</li>
 *   <li>A batch's failure reaches each of its callers as a {@link ChatException} with the code
 *       the transaction failed with (see {@link Transactions}), raised on the caller's thread.</li>
 *   <li>{@link #close()} refuses new appends, fails every queued one with {@code UNAVAILABLE},
 *       lets batches in progress finish for a bounded grace period and stops the writers.</li>
 * </ul>
 *
 * <p>The writers are daemon threads named {@code <name>-append-1..n}. Each writes one batch at a
 * time on one pooled connection, so appends occupy at most {@code writers} connections of the pool,
 * and none while idle. Thread-safe.
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
   * @param queueSize most appends waiting for a writer, at least 1
   * @param waitTimeout how long a caller waits for its append before giving up with {@code UNAVAILABLE}
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
  // Capacity for the callers' appends plus one STOP per writer; admission (under `lifecycle`)
  // keeps callers to settings.queueSize().
  private final ArrayBlockingQueue<PendingAppend> queue;
  private final List<Thread> threads = new ArrayList<>();
  private final Object lifecycle = new Object();
  private volatile boolean closed;

  GroupCommitAppender(Settings settings, BatchWriter writer, AppendCounters counters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.queue = new ArrayBlockingQueue<>(settings.queueSize() + settings.writers());
    for (int i = 1; i <= settings.writers(); i++) {
      Thread t = new Thread(this::runWriter, settings.name() + "-append-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /**
   * Starts an appender writing through {@code tx}, with {@link MailboxAppender} as the one-by-one
   * fallback.
   */
  public static GroupCommitAppender start(Transactions tx, Settings settings) {
    AppendCounters counters = new AppendCounters();
    return new GroupCommitAppender(settings, new BatchAppender(tx, new MailboxAppender(tx), counters), counters);
  }

  /**
   * Queues {@code draft} (already validated) and waits until a writer has stored it or found it
   * stored.
   *
   * @throws ChatException {@code UNAVAILABLE} when the queue is full, the appender is closed, the
   *     wait times out or the thread is interrupted; otherwise the code the write failed with
   */
  public AppendResult append(Message draft) {
    PendingAppend pending = new PendingAppend(draft);
    synchronized (lifecycle) {
      if (closed) {
        throw closedError();
      }
      if (queue.size() >= settings.queueSize()) {
        throw new ChatException(ErrorCode.UNAVAILABLE, "the message append queue is full ("
            + settings.queueSize() + " appends waiting for the database); try again later");
      }
      queue.add(pending);
    }
    return await(pending);
  }

  private AppendResult await(PendingAppend pending) {
    try {
      return pending.result().get(settings.waitTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw onCallerThread(e.getCause());
    } catch (TimeoutException e) {
      boolean withdrawn = queue.remove(pending);
      ChatException timedOut = new ChatException(ErrorCode.UNAVAILABLE, "message " + pending.draft().clientMsgId()
          + " was not stored within " + settings.waitTimeout().toMillis() + " ms"
          + (withdrawn ? " (still queued; withdrawn)" : " (being written; it may still be stored)"));
      pending.fail(timedOut);
      throw timedOut;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queue.remove(pending);
      ChatException interrupted = new ChatException(ErrorCode.UNAVAILABLE, "interrupted while waiting for message "
          + pending.draft().clientMsgId() + " to be stored", e);
      pending.fail(interrupted);
      throw interrupted;
    }
  }

  // The failure was made on a writer thread, possibly shared by a whole batch: give this caller
  // its own exception, same code and text, with the original as the cause.
  private static ChatException onCallerThread(Throwable cause) {
    if (cause instanceof ChatException e) {
      return new ChatException(e.code(), e.detail(), e);
    }
    return new ChatException(ErrorCode.INTERNAL, "append message: " + cause, cause);
  }

  private void runWriter() {
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
      int stops = 0;
      for (int i = batch.size() - 1; i >= 0; i--) {
        if (batch.get(i) == STOP) {
          batch.remove(i);
          stops++;
        }
      }
      for (int i = 1; i < stops; i++) {
        queue.add(STOP); // the other writers' signals: hand them back (there is room for them)
      }
      writeBatch(batch);
      batch.clear();
      if (stops > 0) {
        return;
      }
    }
  }

  private void writeBatch(List<PendingAppend> batch) {
    if (closed) {
      batch.forEach(p -> p.fail(closedError()));
      return;
    }
    batch.removeIf(PendingAppend::isDone); // callers that stopped waiting
    if (batch.isEmpty()) {
      return;
    }
    counters.batch(batch.size());
    try {
      writer.write(batch);
    } catch (ChatException e) {
      batch.forEach(p -> p.fail(e));
    } catch (RuntimeException | Error e) {
      log.error("writing a batch of {} message appends failed unexpectedly", batch.size(), e);
      ChatException internal = new ChatException(ErrorCode.INTERNAL, "append message: " + e, e);
      batch.forEach(p -> p.fail(internal));
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
    for (PendingAppend p : queue.toArray(new PendingAppend[0])) {
      if (p != STOP) {
        n++;
      }
    }
    return n;
  }

  /**
   * Refuses new appends, fails the queued ones with {@code UNAVAILABLE}, and waits up to the close
   * grace period for the writers to finish the batches they hold; a writer still busy then is
   * interrupted and left to fail when its connection is closed. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // No caller can queue now: everything queued is in the queue.
    List<PendingAppend> queued = new ArrayList<>();
    queue.drainTo(queued);
    queued.forEach(p -> p.fail(closedError()));
    for (int i = 0; i < threads.size(); i++) {
      queue.add(STOP);
    }
    long deadline = System.nanoTime() + settings.closeGrace().toNanos();
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
        log.warn("{} still writing a batch after the close grace period of {} ms; interrupting it",
            t.getName(), settings.closeGrace().toMillis());
        t.interrupt();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ChatException closedError() {
    return new ChatException(ErrorCode.UNAVAILABLE, "the message store is closed");
  }
}
