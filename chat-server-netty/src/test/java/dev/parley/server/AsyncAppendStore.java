package dev.parley.server;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.spi.MessageStore;
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
final class AsyncAppendStore implements MessageStore, AutoCloseable {
  private final MessageStore stored;
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
    this.stored = stored;
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
  public List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit) {
    return stored.readMailbox(ownerId, afterSeq, limit);
  }

  @Override
  public long lastSeq(long ownerId) {
    return stored.lastSeq(ownerId);
  }

  @Override
  public List<Message> history(long userId, long peerId, long beforeId, int limit) {
    return stored.history(userId, peerId, beforeId, limit);
  }

  @Override
  public List<Conversation> conversations(long userId, int limit) {
    return stored.conversations(userId, limit);
  }

  @Override
  public void ack(long ownerId, long upToSeq) {
    stored.ack(ownerId, upToSeq);
  }

  @Override
  public long ackedSeq(long ownerId) {
    return stored.ackedSeq(ownerId);
  }

  @Override
  public String deploymentId() {
    return stored.deploymentId();
  }

  @Override
  public void close() {
    release();
    writer.shutdown();
  }
}
