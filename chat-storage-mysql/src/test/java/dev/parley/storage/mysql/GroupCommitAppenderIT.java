package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.testing.Concurrently;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit of {@code MessageStore.append} on a real database: many concurrent appends are
 * written in shared transactions and still give exactly the single-append guarantees; a batch
 * that meets a concurrently stored duplicate falls back to single appends; the bounded queue and
 * {@code close()} fail fast with UNAVAILABLE. The writer is held up deterministically by holding
 * a mailbox counter row lock on a separate connection ({@link WriterHold}), never by sleeping.
 */
class GroupCommitAppenderIT {
  private static final long WAIT_SECONDS = 30;
  private static final int THREADS = 64;
  private static final int APPENDS_PER_THREAD = 50;
  private static final int USERS = 16;

  private TestDatabase db;
  private final List<MysqlStorage> storages = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private ExecutorService callers;

  @BeforeEach
  void setUp() {
    db = new TestDatabase();
    callers = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() throws SQLException {
    callers.shutdownNow();
    try {
      for (Connection c : connections) {
        c.close();
      }
      storages.forEach(MysqlStorage::close);
    } finally {
      db.close();
    }
  }

  private MysqlStorage start(MysqlStorageBuilder builder) {
    MysqlStorage s = builder.build();
    storages.add(s);
    return s;
  }

  private long[] users(MysqlStorage s, int n) {
    return LongStream.range(0, n).map(i -> s.userStore().create(MysqlStorageIT.newUser("g" + i)).id()).toArray();
  }

  @Test
  void concurrentAppendsAreBatchedAndKeepEverySingleAppendGuarantee() {
    MysqlStorage storage = start(db.storage().maximumPoolSize(8));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, USERS);
    // Threads 0-7 hammer one pair and repeat each other's client message ids in lockstep; 8-15
    // share one sender; the rest send between random pairs, so batches overlap in every way.
    CyclicBarrier samePair = new CyclicBarrier(8);
    List<List<AppendResult>> byThread = Concurrently.call(THREADS, t -> {
      Random random = new Random(t);
      List<AppendResult> mine = new ArrayList<>();
      for (int i = 0; i < APPENDS_PER_THREAD; i++) {
        long from;
        long to;
        String clientMsgId = "t" + t + "-" + i;
        if (t < 8) {
          from = u[0];
          to = u[1];
          if (i % 5 == 0) {
            Concurrently.await(samePair);
            clientMsgId = "shared-" + i;
          }
        } else if (t < 16) {
          from = u[2];
          to = u[3 + random.nextInt(USERS - 3)];
        } else {
          int f = random.nextInt(USERS);
          from = u[f];
          to = u[(f + 1 + random.nextInt(USERS - 1)) % USERS];
        }
        Instant sentAt = Instant.ofEpochSecond(1_700_000_000L + i, random.nextInt(1_000_000_000));
        mine.add(store.append(from, to, clientMsgId, "m" + i + " 👋🏽 " + t, sentAt));
      }
      return mine;
    });

    // Idempotency: per (sender, client message id) one original; repeats carry its entries.
    Map<String, List<AppendResult>> byKey = new LinkedHashMap<>();
    byThread.forEach(mine -> mine.forEach(r ->
        byKey.computeIfAbsent(r.message().senderId() + "/" + r.message().clientMsgId(), k -> new ArrayList<>()).add(r)));
    List<AppendResult> originals = new ArrayList<>();
    for (Map.Entry<String, List<AppendResult>> e : byKey.entrySet()) {
      List<AppendResult> attempts = e.getValue();
      List<AppendResult> stored = attempts.stream().filter(r -> !r.duplicate()).toList();
      assertThat(stored).as("originals of %s", e.getKey()).hasSize(1);
      AppendResult original = stored.get(0);
      originals.add(original);
      assertThat(attempts).as("attempts of %s", e.getKey()).allSatisfy(r -> {
        assertThat(r.senderEntry()).isEqualTo(original.senderEntry());
        assertThat(r.recipientEntry()).isEqualTo(original.recipientEntry());
      });
    }
    assertThat(byKey.get(u[0] + "/shared-0")).hasSize(8);
    assertThat(db.queryLong("SELECT COUNT(*) FROM messages")).isEqualTo(byKey.size());

    // Every mailbox: seqs exactly 1..n, each of its messages once, as returned to the sender.
    Map<Long, List<AppendResult>> byOwner = new HashMap<>();
    for (AppendResult r : originals) {
      byOwner.computeIfAbsent(r.message().senderId(), k -> new ArrayList<>()).add(r);
      byOwner.computeIfAbsent(r.message().recipientId(), k -> new ArrayList<>()).add(r);
    }
    for (long owner : u) {
      List<MailboxEntry> box = store.readMailbox(owner, 0, 10_000);
      List<AppendResult> expected = byOwner.getOrDefault(owner, List.of());
      assertThat(box.stream().map(MailboxEntry::seq).toList()).as("seqs of mailbox %d", owner)
          .isEqualTo(LongStream.rangeClosed(1, expected.size()).boxed().toList());
      Set<MailboxEntry> expectedEntries = new HashSet<>();
      expected.forEach(r -> expectedEntries.add(r.message().senderId() == owner ? r.senderEntry() : r.recipientEntry()));
      assertThat(new HashSet<>(box)).isEqualTo(expectedEntries);
      assertThat(box.stream().map(e -> e.message().id()).toList()).as("id order is seq order").isSorted();
      assertThat(store.lastSeq(owner)).isEqualTo(expected.size());
      // Conversations: per peer, the newest entry of the mailbox.
      Map<Long, MailboxEntry> newestByPeer = new HashMap<>();
      box.forEach(e -> newestByPeer.put(e.message().peerOf(owner), e));
      assertThat(store.conversations(owner, 100)).extracting(Conversation::peerId, Conversation::lastMessage)
          .containsExactlyInAnyOrderElementsOf(newestByPeer.entrySet().stream()
              .map(e -> Tuple.tuple(e.getKey(), e.getValue().message())).toList());
    }
    assertThat(db.queryLong("SELECT COUNT(*) FROM conversations c WHERE c.last_seq <> (SELECT MAX(e.seq) "
        + "FROM mailbox_entries e JOIN messages m ON m.id = e.message_id WHERE e.owner_id = c.owner_id "
        + "AND IF(m.sender_id = e.owner_id, m.recipient_id, m.sender_id) = c.peer_id)")).isZero();
    assertThat(db.queryLong("SELECT COUNT(*) FROM mailbox_entries")).isEqualTo(2L * byKey.size());

    // And it really was batched.
    var stats = storage.appendStats();
    assertThat(stats.items()).isEqualTo((long) THREADS * APPENDS_PER_THREAD);
    assertThat(stats.largestBatch()).isGreaterThan(1);
    assertThat(stats.batches()).isLessThan(stats.items());
  }

  @Test
  void repeatsQueuedIntoOneBatchAreStoredOnceAndTheLaterOnesAreDuplicates() throws Exception {
    MysqlStorage storage = start(db.storage().appendWriters(1));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 4);
    store.append(u[2], u[3], "warm", "x", Instant.now());
    Connection blocker = lockMailbox(u[2]);
    Future<AppendResult> held = callers.submit(() -> store.append(u[2], u[3], "held", "x", Instant.now()));
    awaitWriterBlockedBy(blocker);

    List<Future<AppendResult>> repeats = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      repeats.add(callers.submit(() -> store.append(u[0], u[1], "same", "text", Instant.now())));
      int queued = i + 1;
      await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == queued);
    }
    Future<AppendResult> other = callers.submit(() -> store.append(u[1], u[0], "other", "text", Instant.now()));
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == 4);
    blocker.rollback();

    assertThat(held.get(WAIT_SECONDS, TimeUnit.SECONDS).duplicate()).isFalse();
    List<AppendResult> results = new ArrayList<>();
    for (Future<AppendResult> f : repeats) {
      results.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    assertThat(results).extracting(AppendResult::duplicate).containsExactly(false, true, true);
    assertThat(results).extracting(AppendResult::senderEntry).containsOnly(results.get(0).senderEntry());
    assertThat(results.get(0).senderEntry().seq()).isEqualTo(1);
    AppendResult o = other.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(o.duplicate()).isFalse();
    assertThat(o.senderEntry().seq()).isEqualTo(2);
    assertThat(o.recipientEntry().seq()).isEqualTo(2);
    assertThat(storage.appendStats().largestBatch()).isEqualTo(4);
    assertThat(storage.appendStats().fallbacks()).isZero();
    assertThat(store.lastSeq(u[0])).isEqualTo(2);
    assertThat(db.queryLong("SELECT COUNT(*) FROM messages WHERE client_msg_id = 'same'")).isEqualTo(1);
  }

  @Test
  void aBatchMeetingAConcurrentlyStoredMessageIsRolledBackAndWrittenAgainAfterLookingItUp() throws Exception {
    MysqlStorage storage = start(db.storage().appendWriters(1));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 5);
    store.append(u[0], u[1], "warm-0", "x", Instant.now());
    store.append(u[3], u[4], "warm-3", "x", Instant.now());
    // Hold the writer on u[3] while the batch [dup, fresh] queues up behind it.
    Connection holdWriter = lockMailbox(u[3]);
    Future<AppendResult> held = callers.submit(() -> store.append(u[3], u[4], "held", "x", Instant.now()));
    awaitWriterBlockedBy(holdWriter);
    Future<AppendResult> dup = callers.submit(() -> store.append(u[0], u[1], "dup", "from the batch", Instant.now()));
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == 1);
    Future<AppendResult> fresh = callers.submit(() -> store.append(u[1], u[2], "fresh", "x", Instant.now()));
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == 2);

    // Another "process" stores (u[0], "dup") under u[0]'s counter lock, uncommitted: the batch's
    // optimistic insert waits for the lock, meets the unique key, and the batch runs again after
    // looking the pairs up.
    Connection other = lockMailbox(u[0]);
    try (PreparedStatement insert = other.prepareStatement("INSERT INTO messages (sender_id, recipient_id, "
        + "client_msg_id, text, sent_at, sender_seq, recipient_seq) VALUES (?, ?, 'dup', 'planted', "
        + "'2024-01-01 00:00:00', 900, 901)")) {
      insert.setLong(1, u[0]);
      insert.setLong(2, u[1]);
      insert.executeUpdate();
    }
    holdWriter.rollback();
    assertThat(held.get(WAIT_SECONDS, TimeUnit.SECONDS).duplicate()).isFalse();
    awaitWriterBlockedBy(other);
    other.commit();

    AppendResult d = dup.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(d.duplicate()).isTrue();
    assertThat(d.message().text()).isEqualTo("planted");
    assertThat(d.senderEntry().seq()).isEqualTo(900);
    assertThat(d.recipientEntry().seq()).isEqualTo(901);
    AppendResult f = fresh.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(f.duplicate()).isFalse();
    assertThat(f.senderEntry().seq()).isEqualTo(2); // u[1] had warm-0
    assertThat(f.recipientEntry().seq()).isEqualTo(1);
    // The rolled-back batch left no seq behind.
    assertThat(store.lastSeq(u[0])).isEqualTo(1);
    assertThat(store.readMailbox(u[1], 0, 10)).extracting(MailboxEntry::seq).containsExactly(1L, 2L);
    assertThat(storage.appendStats().preReads()).isEqualTo(1);
    assertThat(storage.appendStats().fallbacks()).isZero();
    assertThat(storage.appendStats().largestBatch()).isEqualTo(2);
  }

  @Test
  void clientMessageIdsEqualUpToTrailingSpacesAreDuplicatesAsInTheDatabase() {
    MysqlStorage storage = start(db.storage());
    long[] u = users(storage, 2);
    AppendResult first = storage.messageStore().append(u[0], u[1], "pad", "x", Instant.now());
    // utf8mb4_bin pads with spaces, so the unique key sees "pad " as "pad", the batch's matching
    // does not: the batch falls back to the single append.
    AppendResult second = storage.messageStore().append(u[0], u[1], "pad ", "y", Instant.now());
    assertThat(second.duplicate()).isTrue();
    assertThat(second.senderEntry()).isEqualTo(first.senderEntry());
    assertThat(storage.messageStore().lastSeq(u[0])).isEqualTo(1);
    // The optimistic insert and the pre-read retry both meet the key; the single append answers.
    assertThat(storage.appendStats().preReads()).isEqualTo(1);
    assertThat(storage.appendStats().fallbacks()).isEqualTo(1);
  }

  @Test
  void aFullQueueFailsAtOnceAndCloseFailsWhatIsQueuedWithoutHanging() throws Exception {
    MysqlStorage storage = start(db.storage().appendWriters(1).appendQueueSize(1));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 6);
    store.append(u[0], u[1], "warm", "x", Instant.now());
    Connection blocker = lockMailbox(u[0]);
    Future<AppendResult> inFlight = callers.submit(() -> store.append(u[0], u[1], "in-flight", "x", Instant.now()));
    awaitWriterBlockedBy(blocker);
    Future<AppendResult> queued = callers.submit(() -> store.append(u[2], u[3], "queued", "x", Instant.now()));
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == 1);

    assertThatThrownBy(() -> store.append(u[4], u[5], "one too many", "x", Instant.now()))
        .isInstanceOfSatisfying(ChatException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(e.getMessage()).contains("queue is full");
        });

    CompletableFuture<Void> closing = CompletableFuture.runAsync(storage::close, callers);
    assertThat(failureOf(queued)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("closed");
    });
    blocker.rollback(); // let the batch in progress end one way or the other
    closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
    Object outcome = outcomeOf(inFlight);
    if (outcome instanceof ChatException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE); // the close grace ran out first
    } else {
      assertThat(outcome).isInstanceOf(AppendResult.class);
    }
    assertThatThrownBy(() -> store.append(u[4], u[5], "after close", "x", Instant.now()))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(db.queryLong("SELECT COUNT(*) FROM messages WHERE client_msg_id IN ('queued', 'one too many', "
        + "'after close')")).isZero();
  }

  @Test
  void builderKnobsReachTheStorage() {
    MysqlStorage storage = start(db.storage().poolName("knobs").maximumPoolSize(5).appendWriters(3)
        .appendBatchSize(7).appendQueueSize(99));
    assertThat(storage.toString()).contains("appendWriters=3", "appendBatchSize=7", "appendQueueSize=99");
    assertThat(writerThreads("knobs-append-")).extracting(Thread::getName)
        .containsExactlyInAnyOrder("knobs-append-1", "knobs-append-2", "knobs-append-3");
    assertThat(writerThreads("knobs-append-")).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());

    storage.close();
    assertThat(writerThreads("knobs-append-")).isEmpty();
  }

  private static List<Thread> writerThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).toList();
  }

  private Connection lockMailbox(long owner) throws SQLException {
    return WriterHold.lockMailbox(db, connections, owner);
  }

  private void awaitWriterBlockedBy(Connection holder) throws SQLException {
    WriterHold.awaitWriterBlockedBy(db, holder);
  }

  private static Throwable failureOf(Future<?> f) throws Exception {
    Object outcome = outcomeOf(f);
    assertThat(outcome).isInstanceOf(Throwable.class);
    return (Throwable) outcome;
  }

  private static Object outcomeOf(Future<?> f) throws Exception {
    try {
      return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
