package dev.parley.server;

import dev.parley.core.model.AppendResult;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.testing.ForwardingMessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A message store whose {@link #appendAsync} completes later on its own writer thread, as a
 * group-committing store does when the batch commits: the appends are held until {@link #release},
 * or written after a short delay; a chosen client message id fails instead. It counts the appends
 * started and not yet finished, overall and per sender, and the most there were at once. Blocking
 * (not {@code NonBlocking}), so a node built with it runs requests on its blocking-work threads.
 *
 * <p>Thread-safe; {@link #close} stops the writer.
 */
final class AsyncAppendStore extends ForwardingMessageStore implements AutoCloseable {
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "test-store-writer");
    t.setDaemon(true);
    return t;
  });
  private final List<String> appended = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
  private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> unfinishedBySender = new ConcurrentHashMap<>();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicInteger mostUnfinished = new AtomicInteger();
  private final AtomicInteger mostUnfinishedOfOneSender = new AtomicInteger();
  private volatile boolean holding;

  AsyncAppendStore(MessageStore stored) {
    super(stored);
  }

  /** Appends from now on wait for {@link #release}. */
  AsyncAppendStore hold() {
    holding = true;
    return this;
  }

  /** Writes the held appends (on the writer thread) and stops holding. */
  void release() {
    holding = false;
    Runnable next;
    while ((next = held.poll()) != null) {
      writer.execute(next);
    }
  }

  /** The append of {@code clientMsgId} fails with {@code failure} on the writer thread. */
  void failAppendOf(String clientMsgId, RuntimeException failure) {
    failures.put(clientMsgId, failure);
  }

  /** Client message ids in the order their appends started. */
  List<String> appended() {
    return List.copyOf(appended);
  }

  int unfinished() {
    return unfinished.get();
  }

  int mostUnfinished() {
    return mostUnfinished.get();
  }

  int mostUnfinishedOfOneSender() {
    return mostUnfinishedOfOneSender.get();
  }

  @Override
  public CompletableFuture<AppendResult> appendAsync(long senderId, long recipientId, String clientMsgId,
      String text, Instant sentAt) {
    appended.add(clientMsgId);
    AtomicInteger ofSender = unfinishedBySender.computeIfAbsent(senderId, k -> new AtomicInteger());
    mostUnfinished.accumulateAndGet(unfinished.incrementAndGet(), Math::max);
    mostUnfinishedOfOneSender.accumulateAndGet(ofSender.incrementAndGet(), Math::max);
    CompletableFuture<AppendResult> done = new CompletableFuture<>();
    Runnable write = () -> {
      RuntimeException failure = failures.get(clientMsgId);
      AppendResult result = null;
      try {
        result = failure == null ? stored.append(senderId, recipientId, clientMsgId, text, sentAt) : null;
      } catch (RuntimeException e) {
        failure = e;
      }
      ofSender.decrementAndGet();
      unfinished.decrementAndGet();
      if (failure != null) {
        done.completeExceptionally(failure);
      } else {
        done.complete(result);
      }
    };
    if (holding) {
      held.add(write);
    } else {
      writer.schedule(write, appended.size() % 3, TimeUnit.MILLISECONDS);
    }
    return done;
  }

  @Override
  public AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
    return appendAsync(senderId, recipientId, clientMsgId, text, sentAt).join();
  }

  @Override
  public void close() {
    release();
    writer.shutdown();
  }
}
