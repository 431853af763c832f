package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.GroupAppendResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for group text appends, as {@link GroupCommitAppender} is for one-to-one messages
 * and with the same guarantees (bounded queues failing fast with {@code UNAVAILABLE}, a wait
 * timeout on every future, one batch per transaction, {@link #close()} failing what is queued).
 * Writers ({@code <name>-append-N}) take whatever has queued up, up to the batch size, and write
 * it with {@link GroupBatchAppender}. Each writer serves a fixed share of the groups (by group
 * id): all appends of one group go through one writer in queue order, so a hot group's appends
 * never wait on another writer's lock of its row, and a sender's pipelined appends get
 * increasing seqs. Futures complete on a writer thread (or the timer or closing thread): callers
 * must not block in dependent stages. Thread-safe.
 */
public final class GroupAppendQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupAppendQueue.class);
  private static final Pending STOP = new Pending(GroupDraft.of(1, 1, "", "", Instant.EPOCH));

  /** Writes one batch; see {@link GroupCommitAppender.BatchWriter}. */
  interface BatchWriter {
    void write(List<Pending> batch);
  }

  private final GroupCommitAppender.Settings settings;
  private final BatchWriter writer;
  private final AppendCounters counters;
  private final List<ArrayBlockingQueue<Pending>> queues = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledThreadPoolExecutor timeouts;
  private final Object lifecycle = new Object();
  private final int perWriter;
  private volatile boolean closed;

  GroupAppendQueue(GroupCommitAppender.Settings settings, BatchWriter writer, AppendCounters counters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.timeouts = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, settings.name() + "-timeouts");
      t.setDaemon(true);
      return t;
    });
    timeouts.setRemoveOnCancelPolicy(true);
    perWriter = (settings.queueSize() + settings.writers() - 1) / settings.writers();
    for (int i = 1; i <= settings.writers(); i++) {
      ArrayBlockingQueue<Pending> queue = new ArrayBlockingQueue<>(perWriter + 1);
      queues.add(queue);
      Thread t = new Thread(() -> runWriter(queue), settings.name() + "-append-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** Starts a queue writing through {@code tx} as {@code server} allows. */
  public static GroupAppendQueue start(Transactions tx, ServerTraits server, GroupCommitAppender.Settings settings) {
    AppendCounters counters = new AppendCounters();
    return new GroupAppendQueue(settings, new GroupBatchAppender(tx, server, counters), counters);
  }

  /** Queues {@code draft}; the future completes once its batch has committed. Never blocks. */
  CompletableFuture<GroupAppendResult> appendAsync(GroupDraft draft) {
    Pending pending = new Pending(draft);
    ArrayBlockingQueue<Pending> queue = queueOf(draft);
    synchronized (lifecycle) {
      if (closed) {
        return CompletableFuture.failedFuture(closedError());
      }
      if (queue.size() >= perWriter) {
        return CompletableFuture.failedFuture(new ChatException(ErrorCode.UNAVAILABLE, "the group message append "
            + "queue is full (" + queue.size() + " appends of this group's writer waiting for the database, "
            + settings.queueSize() + " in all at most); try again later"));
      }
      queue.add(pending);
    }
    try {
      pending.timeout(timeouts.schedule(() -> timeOut(pending), settings.waitTimeout().toNanos(), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      pending.fail(closedError());
    }
    return pending.result;
  }

  /** {@link #appendAsync} and waits on the caller's thread; the failure's code is raised here. */
  GroupAppendResult append(GroupDraft draft) {
    CompletableFuture<GroupAppendResult> result = appendAsync(draft);
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ChatException c) {
        throw new ChatException(c.code(), c.detail(), c);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new ChatException(ErrorCode.INTERNAL, "append group message: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ChatException interrupted = new ChatException(ErrorCode.UNAVAILABLE, "interrupted while waiting for group message "
          + draft.clientMsgId() + " to be stored", e);
      queueOf(draft).removeIf(p -> p.result == result);
      result.completeExceptionally(interrupted);
      throw interrupted;
    }
  }

  private ArrayBlockingQueue<Pending> queueOf(GroupDraft draft) {
    return queues.get(Math.floorMod(Long.hashCode(draft.groupId()), queues.size()));
  }

  private void timeOut(Pending pending) {
    if (pending.isDone()) {
      return;
    }
    boolean withdrawn = queueOf(pending.draft).remove(pending);
    pending.fail(new ChatException(ErrorCode.UNAVAILABLE, "group message " + pending.draft.clientMsgId()
        + " was not stored within " + settings.waitTimeout().toMillis() + " ms"
        + (withdrawn ? " (still queued; withdrawn)" : " (being written; it may still be stored)")));
  }

  private void runWriter(ArrayBlockingQueue<Pending> queue) {
    List<Pending> batch = new ArrayList<>(settings.maxBatch());
    while (true) {
      Pending first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
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

  private void writeBatch(List<Pending> batch) {
    if (closed) {
      batch.forEach(p -> p.fail(closedError()));
      return;
    }
    batch.removeIf(Pending::isDone);
    if (batch.isEmpty()) {
      return;
    }
    counters.batch(batch.size());
    try {
      writer.write(batch);
    } catch (ChatException e) {
      batch.forEach(p -> p.fail(new ChatException(e.code(), e.detail(), e)));
    } catch (RuntimeException | Error e) {
      log.error("writing a batch of {} group message appends failed unexpectedly", batch.size(), e);
      batch.forEach(p -> p.fail(new ChatException(ErrorCode.INTERNAL, "append group message: " + e, e)));
      if (e instanceof Error error) {
        throw error;
      }
    }
    for (Pending p : batch) {
      if (!p.isDone()) {
        p.fail(new ChatException(ErrorCode.INTERNAL, "append group message: the batch writer left "
            + p.draft.clientMsgId() + " unanswered"));
      }
    }
  }

  /** The counters since start. */
  public AppendStats stats() {
    int queued = 0;
    for (ArrayBlockingQueue<Pending> queue : queues) {
      for (Pending p : queue.toArray(new Pending[0])) {
        if (p != STOP) {
          queued++;
        }
      }
    }
    return counters.snapshot(queued);
  }

  /** As {@link GroupCommitAppender#close()}. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List<Pending> queued = new ArrayList<>();
    for (ArrayBlockingQueue<Pending> queue : queues) {
      queue.drainTo(queued);
      queue.add(STOP);
    }
    queued.forEach(p -> p.fail(closedError()));
    long deadline = System.nanoTime() + settings.closeGrace().toNanos();
    boolean interrupted = false;
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (!interrupted && left > 0) {
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (t.isAlive()) {
        log.warn("{} still writing a batch after the close grace period; interrupting it", t.getName());
        t.interrupt();
      }
    }
    timeouts.shutdown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ChatException closedError() {
    return new ChatException(ErrorCode.UNAVAILABLE, "the group store is closed");
  }

  /** One caller's append: draft, future, timeout task. The first completion wins. Thread-safe. */
  static final class Pending {
    final GroupDraft draft;
    final CompletableFuture<GroupAppendResult> result = new CompletableFuture<>();
    private volatile Future<?> timeout;

    Pending(GroupDraft draft) {
      this.draft = Objects.requireNonNull(draft, "draft");
    }

    void timeout(Future<?> task) {
      timeout = task;
      if (result.isDone()) {
        task.cancel(false);
      }
    }

    void complete(GroupAppendResult r) {
      if (result.complete(r)) {
        cancelTimeout();
      }
    }

    void fail(ChatException e) {
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

    boolean isDone() {
      return result.isDone();
    }
  }
}
