package dev.parley.storage.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.testing.Latches;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue, batching and life cycle of {@link GroupCommitAppender}, with a fake batch writer (no
 * database). The writer is held on a latch, never by sleeping.
 */
class GroupCommitAppenderTest {
  private static final long WAIT_SECONDS = 30;
  private static final Duration LONG_WAIT = Duration.ofSeconds(WAIT_SECONDS);

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstBatchStarted = new CountDownLatch(1);
  private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);
  private GroupCommitAppender appender;

  @AfterEach
  void tearDown() {
    releaseFirstBatch.countDown();
    if (appender != null) {
      appender.close();
    }
    callers.shutdownNow();
  }

  /** A writer that records each batch, holds the first one until released, then acts. */
  private GroupCommitAppender.BatchWriter writer(Consumer<List<PendingAppend>> action) {
    return batch -> {
      batches.add(batch.stream().map(p -> p.draft().clientMsgId()).toList());
      if (batches.size() == 1) {
        firstBatchStarted.countDown();
        Latches.await(releaseFirstBatch, WAIT_SECONDS);
      }
      action.accept(batch);
    };
  }

  private static void succeed(List<PendingAppend> batch) {
    batch.forEach(p -> p.complete(resultFor(p.draft())));
  }

  private GroupCommitAppender start(int queueSize, Duration waitTimeout, GroupCommitAppender.BatchWriter w) {
    appender = new GroupCommitAppender(new GroupCommitAppender.Settings("test", 1, 100, queueSize, waitTimeout,
        Duration.ofSeconds(WAIT_SECONDS)), w, new AppendCounters());
    return appender;
  }

  private Future<AppendResult> submit(String clientMsgId) {
    return callers.submit(() -> appender.append(draft(clientMsgId)));
  }

  /** Submits an append and waits until it is queued behind the held first batch. */
  private Future<AppendResult> submitQueued(String clientMsgId) {
    int before = appender.stats().queued();
    Future<AppendResult> f = submit(clientMsgId);
    await().atMost(LONG_WAIT).until(() -> appender.stats().queued() == before + 1);
    return f;
  }

  private void holdWriterWith(String clientMsgId, List<Future<AppendResult>> into) throws InterruptedException {
    into.add(submit(clientMsgId));
    assertThat(firstBatchStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void appendsQueuedWhileABatchIsWrittenGoIntoTheNextBatchTogether() throws Exception {
    start(100, LONG_WAIT, writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> results = new ArrayList<>();
    holdWriterWith("first", results);
    for (int i = 0; i < 5; i++) {
      results.add(submitQueued("q" + i));
    }
    releaseFirstBatch.countDown();

    for (Future<AppendResult> f : results) {
      assertThat(f.get(WAIT_SECONDS, TimeUnit.SECONDS).duplicate()).isFalse();
    }
    assertThat(batches).containsExactly(List.of("first"), List.of("q0", "q1", "q2", "q3", "q4"));
    assertThat(appender.stats()).isEqualTo(new AppendStats(2, 6, 5, 0, 0, 0));
  }

  @Test
  void aFailedBatchFailsEveryCallerWithItsOwnExceptionOfTheSameCode() throws Exception {
    ChatException down = new ChatException(ErrorCode.UNAVAILABLE, "append 2 messages: database unavailable");
    start(100, LONG_WAIT, writer(batch -> {
      throw down;
    }));
    List<Future<AppendResult>> results = new ArrayList<>();
    holdWriterWith("first", results);
    results.add(submitQueued("a"));
    results.add(submitQueued("b"));
    releaseFirstBatch.countDown();

    for (Future<AppendResult> f : results) {
      assertThat(failureOf(f)).isInstanceOfSatisfying(ChatException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.detail()).isEqualTo(down.detail());
        assertThat(e).isNotSameAs(down).hasCause(down);
      });
    }
  }

  @Test
  void aFullQueueFailsAtOnce() throws Exception {
    start(2, LONG_WAIT, writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> results = new ArrayList<>();
    holdWriterWith("first", results);
    results.add(submitQueued("a"));
    results.add(submitQueued("b"));

    assertThatThrownBy(() -> appender.append(draft("c"))).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("queue is full");
    });
    releaseFirstBatch.countDown();
    for (Future<AppendResult> f : results) {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThat(batches).containsExactly(List.of("first"), List.of("a", "b"));
  }

  @Test
  void aCallerThatGivesUpWhileQueuedIsWithdrawnAndNeverWritten() throws Exception {
    start(100, Duration.ofMillis(200), writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> held = new ArrayList<>();
    holdWriterWith("first", held);

    // Nothing takes the queue while the first batch is held, so this times out while queued.
    assertThatThrownBy(() -> appender.append(draft("late"))).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("withdrawn");
    });
    assertThat(failureOf(held.get(0))).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.getMessage()).contains("it may still be stored"));
    releaseFirstBatch.countDown();
    appender.close();
    assertThat(batches).containsExactly(List.of("first"));
  }

  @Test
  void closeFailsQueuedAppendsStopsTheWritersAndRefusesNewOnes() throws Exception {
    start(100, LONG_WAIT, writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> inFlight = new ArrayList<>();
    holdWriterWith("first", inFlight);
    Future<AppendResult> queued = submitQueued("queued");

    Future<?> closing = callers.submit(appender::close);
    assertThat(failureOf(queued)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("closed");
    });
    releaseFirstBatch.countDown(); // the batch in progress finishes within the grace period
    closing.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(inFlight.get(0).get(WAIT_SECONDS, TimeUnit.SECONDS).duplicate()).isFalse();
    assertThat(batches).containsExactly(List.of("first"));
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("test-append-"));
    assertThatThrownBy(() -> appender.append(draft("after"))).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    appender.close(); // idempotent
  }

  @Test
  void anAppendTheWriterLeavesUnansweredFailsAsInternal() throws Exception {
    start(100, LONG_WAIT, batch -> batch.stream().filter(p -> !p.draft().clientMsgId().equals("forgotten"))
        .forEach(p -> p.complete(resultFor(p.draft()))));
    assertThat(appender.append(draft("answered")).duplicate()).isFalse();
    assertThatThrownBy(() -> appender.append(draft("forgotten"))).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
  }

  @Test
  void writerThreadsAreNamedDaemons() {
    appender = new GroupCommitAppender(new GroupCommitAppender.Settings("named", 2, 10, 10, LONG_WAIT, LONG_WAIT),
        GroupCommitAppenderTest::succeed, new AppendCounters());
    List<Thread> writers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("named-append-")).toList();
    assertThat(writers).extracting(Thread::getName).containsExactlyInAnyOrder("named-append-1", "named-append-2");
    assertThat(writers).allMatch(Thread::isDaemon);
  }

  @Test
  void anAsyncAppendCompletesWhenItsBatchIsWrittenOnTheWriterThread() throws Exception {
    start(100, LONG_WAIT, writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> held = new ArrayList<>();
    holdWriterWith("first", held);
    CompletableFuture<AppendResult> queued = appender.appendAsync(draft("async"));
    CompletableFuture<String> completedOn = queued.thenApply(r -> Thread.currentThread().getName());
    assertThat(appender.stats().queued()).isEqualTo(1);
    assertThat(queued).isNotDone();

    releaseFirstBatch.countDown();
    // Wait on the dependent only: a thread waiting on `queued` itself may help run its dependents.
    assertThat(completedOn.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("test-append-1");
    assertThat(queued.get(WAIT_SECONDS, TimeUnit.SECONDS).message().clientMsgId()).isEqualTo("async");
    assertThat(batches).containsExactly(List.of("first"), List.of("async"));
  }

  @Test
  void anAsyncAppendToAFullQueueFailsAtOnce() throws Exception {
    start(1, LONG_WAIT, writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> held = new ArrayList<>();
    holdWriterWith("first", held);
    CompletableFuture<AppendResult> queued = appender.appendAsync(draft("a"));

    CompletableFuture<AppendResult> refused = appender.appendAsync(draft("b"));
    assertThat(refused).isCompletedExceptionally();
    assertThat(failureOf(refused)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("queue is full");
    });
    releaseFirstBatch.countDown();
    queued.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(batches).containsExactly(List.of("first"), List.of("a"));
  }

  @Test
  void anAsyncAppendTimingOutWhileQueuedIsWithdrawnAndNeverWritten() throws Exception {
    start(100, Duration.ofMillis(200), writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> held = new ArrayList<>();
    holdWriterWith("first", held);

    CompletableFuture<AppendResult> late = appender.appendAsync(draft("late"));
    assertThat(failureOf(late)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("withdrawn");
    });
    assertThat(appender.stats().queued()).isZero();
    releaseFirstBatch.countDown();
    appender.close();
    assertThat(batches).containsExactly(List.of("first"));
  }

  @Test
  void closeFailsQueuedAsyncAppends() throws Exception {
    start(100, LONG_WAIT, writer(GroupCommitAppenderTest::succeed));
    List<Future<AppendResult>> held = new ArrayList<>();
    holdWriterWith("first", held);
    CompletableFuture<AppendResult> queued = appender.appendAsync(draft("queued"));

    Future<?> closing = callers.submit(appender::close);
    assertThat(failureOf(queued)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("closed");
    });
    releaseFirstBatch.countDown();
    closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(failureOf(appender.appendAsync(draft("after")))).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(batches).containsExactly(List.of("first"));
  }

  @Test
  void eachSendersAppendsAreWrittenByOneWriterInSubmissionOrder() throws Exception {
    Map<Long, List<String>> writtenBySender = new ConcurrentHashMap<>();
    Map<Long, Set<String>> writersBySender = new ConcurrentHashMap<>();
    appender = new GroupCommitAppender(new GroupCommitAppender.Settings("order", 3, 7, 1000, LONG_WAIT, LONG_WAIT),
        batch -> {
          for (PendingAppend p : batch) {
            long sender = p.draft().senderId();
            writtenBySender.computeIfAbsent(sender, k -> new CopyOnWriteArrayList<>()).add(p.draft().clientMsgId());
            writersBySender.computeIfAbsent(sender, k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            p.complete(resultFor(p.draft()));
          }
        }, new AppendCounters());
    List<CompletableFuture<AppendResult>> all = new ArrayList<>();
    Map<Long, List<String>> submitted = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      long sender = 10 + i % 5;
      String id = "m" + i;
      submitted.computeIfAbsent(sender, k -> new ArrayList<>()).add(id);
      all.add(appender.appendAsync(new Message(1, sender, 99, id, "text", Instant.EPOCH)));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(writtenBySender).isEqualTo(submitted);
    assertThat(writersBySender.values()).allSatisfy(w -> assertThat(w).hasSize(1));
    assertThat(writersBySender.values().stream().flatMap(Set::stream).distinct()).hasSize(3);
  }

  private static Message draft(String clientMsgId) {
    return new Message(1, 10, 20, clientMsgId, "text", Instant.EPOCH);
  }

  private static AppendResult resultFor(Message d) {
    Message m = new Message(7, d.senderId(), d.recipientId(), d.clientMsgId(), d.text(), d.sentAt());
    return new AppendResult(new MailboxEntry(d.senderId(), 1, m), new MailboxEntry(d.recipientId(), 1, m), false);
  }

  private static Throwable failureOf(Future<?> f) throws Exception {
    try {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

}
