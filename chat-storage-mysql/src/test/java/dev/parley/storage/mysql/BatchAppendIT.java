package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.testing.Concurrently;
import dev.parley.storage.mysql.internal.ServerTraits;
import java.sql.Connection;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batched append's shortcuts on a real database, each against its slower equivalent: the
 * optimistic insert and its pre-read retry on a conflict, ids from the first generated key
 * against ids read back, counters from {@code INSERT … RETURNING} against {@code SELECT … FOR
 * UPDATE}; and {@code appendAsync}: completion after commit, the sender order of pipelined
 * appends, gap-free seqs with 64 concurrent senders on two storages ("nodes") sharing a database.
 * Writers are held with {@link WriterHold}, never by sleeping.
 */
class BatchAppendIT {
  private static final long WAIT_SECONDS = 30;
  private static final Instant SENT = Instant.parse("2025-03-01T10:00:00.123456789Z");

  private final List<TestDatabase> databases = new ArrayList<>();
  private final List<MysqlStorage> storages = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private TestDatabase db;

  @BeforeEach
  void setUp() {
    db = newDatabase();
  }

  @AfterEach
  void tearDown() throws SQLException {
    try {
      for (Connection c : connections) {
        c.close();
      }
      storages.forEach(MysqlStorage::close);
    } finally {
      databases.forEach(TestDatabase::close);
    }
  }

  private TestDatabase newDatabase() {
    TestDatabase d = new TestDatabase();
    databases.add(d);
    return d;
  }

  private MysqlStorage start(MysqlStorageBuilder builder) {
    MysqlStorage s = builder.build();
    storages.add(s);
    return s;
  }

  private static long[] users(MysqlStorage s, int n) {
    return LongStream.range(0, n).map(i -> s.userStore().create(MysqlStorageIT.newUser("b" + i)).id()).toArray();
  }

  /** The shortcuts this server allows, and each read-back path forced on its own and together. */
  static Stream<Arguments> serverPaths() {
    return Stream.of(
        Arguments.of("as detected", UnaryOperator.<ServerTraits>identity()),
        Arguments.of("ids read back", (UnaryOperator<ServerTraits>) ServerTraits::readingIdsBack),
        Arguments.of("counters read back", (UnaryOperator<ServerTraits>) ServerTraits::readingCountersBack),
        Arguments.of("portable", (UnaryOperator<ServerTraits>) t -> ServerTraits.PORTABLE));
  }

  @Test
  void theLocalMariadbAllowsBothShortcuts() {
    MysqlStorage storage = start(db.storage());
    String version = db.queryString("SELECT VERSION()");
    assumeThat(version).contains("MariaDB");
    assertThat(db.queryLong("SELECT @@innodb_autoinc_lock_mode")).isLessThanOrEqualTo(1);
    assertThat(storage.serverTraits()).isEqualTo(new ServerTraits(true, true,
        (int) db.queryLong("SELECT @@auto_increment_increment")));
  }

  @Test
  void aRepeatOfAStoredMessageIsAnsweredFromTheStoredRowAfterTheOptimisticInsertMeetsTheKey() {
    MysqlStorage storage = start(db.storage());
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 2);
    AppendResult original = store.append(u[0], u[1], "once", "first text", SENT);

    AppendResult repeat = store.append(u[0], u[1], "once", "other text", SENT.plusSeconds(1));
    assertThat(repeat.duplicate()).isTrue();
    assertThat(repeat.senderEntry()).isEqualTo(original.senderEntry());
    assertThat(repeat.recipientEntry()).isEqualTo(original.recipientEntry());
    assertThat(storage.appendStats().preReads()).isEqualTo(1);
    assertThat(storage.appendStats().fallbacks()).isZero();
    assertThat(store.lastSeq(u[0])).isEqualTo(1);
    assertThat(store.lastSeq(u[1])).isEqualTo(1);
    AppendResult next = store.append(u[1], u[0], "next", "x", SENT);
    assertThat(next.senderEntry().seq()).isEqualTo(2);
    assertThat(next.recipientEntry().seq()).isEqualTo(2);
    assertThat(db.queryLong("SELECT COUNT(*) FROM messages")).isEqualTo(2);
  }

  @Test
  void aBatchMixingRepeatsOfStoredMessagesWithNewOnesStoresTheNewOnesGapFree() throws Exception {
    MysqlStorage storage = start(db.storage().appendWriters(1));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 4);
    AppendResult stored = store.append(u[0], u[1], "stored", "x", SENT);
    store.append(u[2], u[3], "warm", "x", SENT);
    Connection hold = WriterHold.lockMailbox(db, connections, u[2]);
    CompletableFuture<AppendResult> held = store.appendAsync(u[2], u[3], "held", "x", SENT);
    WriterHold.awaitWriterBlockedBy(db, hold);

    List<CompletableFuture<AppendResult>> batch = List.of(
        store.appendAsync(u[0], u[1], "new-1", "x", SENT),
        store.appendAsync(u[0], u[1], "stored", "repeat", SENT),
        store.appendAsync(u[1], u[0], "new-2", "x", SENT),
        store.appendAsync(u[0], u[1], "twice", "x", SENT),
        store.appendAsync(u[0], u[1], "twice", "x", SENT));
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == batch.size());
    hold.rollback();

    assertThat(held.get(WAIT_SECONDS, TimeUnit.SECONDS).duplicate()).isFalse();
    List<AppendResult> r = new ArrayList<>();
    for (CompletableFuture<AppendResult> f : batch) {
      r.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    assertThat(r).extracting(AppendResult::duplicate).containsExactly(false, true, false, false, true);
    assertThat(r.get(1).senderEntry()).isEqualTo(stored.senderEntry());
    assertThat(r.get(1).message().text()).isEqualTo("x");
    assertThat(r.get(4).senderEntry()).isEqualTo(r.get(3).senderEntry());
    assertThat(List.of(r.get(0), r.get(2), r.get(3))).extracting(a -> a.senderEntry().seq(), a -> a.recipientEntry().seq())
        .containsExactly(tuple(2L, 2L), tuple(3L, 3L),
            tuple(4L, 4L));
    assertThat(storage.appendStats().preReads()).isEqualTo(1);
    assertThat(storage.appendStats().fallbacks()).isZero();
    assertThat(store.readMailbox(u[0], 0, 10)).extracting(MailboxEntry::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(store.readMailbox(u[1], 0, 10)).extracting(e -> e.message().clientMsgId())
        .containsExactly("stored", "new-1", "new-2", "twice");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverPaths")
  void everyServerPathGivesTheSameResultsAsTheDatabaseHolds(String path, UnaryOperator<ServerTraits> traits)
      throws Exception {
    List<AppendResult> expected = scriptedAppends(UnaryOperator.identity(), newDatabase());
    List<AppendResult> actual = scriptedAppends(traits, db);
    assertThat(actual).isEqualTo(expected);
  }

  /**
   * One batch of 21 appends among users whose mailboxes do not exist yet (new counter rows), then
   * one on existing rows; checks that every result is what the database holds.
   */
  private List<AppendResult> scriptedAppends(UnaryOperator<ServerTraits> traits, TestDatabase on) throws Exception {
    MysqlStorage storage = start(on.storage().appendWriters(1).serverTraits(traits));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 10);
    store.append(u[8], u[9], "warm", "x", SENT);
    Connection hold = WriterHold.lockMailbox(on, connections, u[8]);
    CompletableFuture<AppendResult> held = store.appendAsync(u[8], u[9], "held", "x", SENT);
    WriterHold.awaitWriterBlockedBy(on, hold);
    List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 21; i++) {
      int from = random.nextInt(8);
      int to = (from + 1 + random.nextInt(7)) % 8;
      futures.add(store.appendAsync(u[from], u[to], "s-" + i, "text " + i + " ✓", SENT.plusNanos(i)));
    }
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == 21);
    hold.rollback();
    held.get(WAIT_SECONDS, TimeUnit.SECONDS);
    List<AppendResult> results = new ArrayList<>();
    for (CompletableFuture<AppendResult> f : futures) {
      results.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    assertThat(storage.appendStats().largestBatch()).isEqualTo(21);
    results.add(store.append(u[3], u[4], "after", "x", SENT));

    Set<MailboxEntry> returned = new HashSet<>();
    results.forEach(r -> {
      returned.add(r.senderEntry());
      returned.add(r.recipientEntry());
    });
    Set<MailboxEntry> inDatabase = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      inDatabase.addAll(store.readMailbox(u[i], 0, 100));
    }
    assertThat(inDatabase).isEqualTo(returned);
    assertThat(results).noneMatch(AppendResult::duplicate);
    return results;
  }

  @Test
  void anAsyncAppendCompletesOnlyOnceItsBatchHasCommitted() throws Exception {
    MysqlStorage storage = start(db.storage().appendWriters(1));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 2);
    store.append(u[0], u[1], "warm", "x", SENT);
    Connection hold = WriterHold.lockMailbox(db, connections, u[0]);

    CompletableFuture<AppendResult> f = store.appendAsync(u[0], u[1], "async", "x", SENT);
    // Runs on the writer thread right after completion: another connection must see the row.
    CompletableFuture<Long> visibleThen = f.thenApply(r ->
        db.queryLong("SELECT COUNT(*) FROM messages WHERE client_msg_id = 'async'"));
    WriterHold.awaitWriterBlockedBy(db, hold);
    assertThat(f).isNotDone();
    hold.rollback();

    assertThat(visibleThen.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(f.get(WAIT_SECONDS, TimeUnit.SECONDS).senderEntry().seq()).isEqualTo(2);
  }

  @Test
  void anAsyncAppendRefusedByAFullQueueOrInvalidFailsTheFutureAtOnce() throws Exception {
    MysqlStorage storage = start(db.storage().appendWriters(1).appendQueueSize(1));
    MessageStore store = storage.messageStore();
    long[] u = users(storage, 4);
    store.append(u[0], u[1], "warm", "x", SENT);
    Connection hold = WriterHold.lockMailbox(db, connections, u[0]);
    CompletableFuture<AppendResult> inFlight = store.appendAsync(u[0], u[1], "in-flight", "x", SENT);
    WriterHold.awaitWriterBlockedBy(db, hold);
    CompletableFuture<AppendResult> queued = store.appendAsync(u[2], u[3], "queued", "x", SENT);

    CompletableFuture<AppendResult> refused = store.appendAsync(u[2], u[3], "refused", "x", SENT);
    assertThat(refused).isCompletedExceptionally();
    assertThat(causeOf(refused)).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(causeOf(store.appendAsync(u[2], u[2], "self", "x", SENT))).isInstanceOf(IllegalArgumentException.class);
    hold.rollback();
    assertThat(inFlight.get(WAIT_SECONDS, TimeUnit.SECONDS).duplicate()).isFalse();
    assertThat(queued.get(WAIT_SECONDS, TimeUnit.SECONDS).duplicate()).isFalse();
    assertThat(db.queryLong("SELECT COUNT(*) FROM messages WHERE client_msg_id = 'refused'")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverPaths")
  void sixtyFourPipeliningSendersOnTwoNodesGetGapFreeSeqsInTheirSubmissionOrder(String path,
      UnaryOperator<ServerTraits> traits) {
    MysqlStorage[] nodes = {start(db.storage().serverTraits(traits)), start(db.storage().serverTraits(traits))};
    int senders = 64;
    int perSender = 40;
    long[] u = users(nodes[0], senders);
    // Each thread is one sender: it submits all its appends without waiting (every 8th repeats an
    // earlier one), then waits for them all.
    List<List<AppendResult>> byThread = Concurrently.call(senders, t -> {
      MessageStore store = nodes[t % 2].messageStore();
      Random random = new Random(t);
      List<CompletableFuture<AppendResult>> mine = new ArrayList<>();
      for (int i = 0; i < perSender; i++) {
        String clientMsgId = i % 8 == 7 ? "t" + t + "-" + random.nextInt(i) : "t" + t + "-" + i;
        long to = u[(t + 1 + random.nextInt(senders - 1)) % senders];
        mine.add(store.appendAsync(u[t], to, clientMsgId, "m" + i, SENT.plusNanos(i)));
      }
      return mine.stream().map(CompletableFuture::join).toList();
    });

    Map<String, AppendResult> originals = new LinkedHashMap<>();
    for (List<AppendResult> mine : byThread) {
      for (AppendResult r : mine) {
        String key = r.message().senderId() + "/" + r.message().clientMsgId();
        AppendResult first = originals.putIfAbsent(key, r);
        if (first != null) {
          assertThat(r.duplicate()).as("repeat of %s", key).isTrue();
          assertThat(r.senderEntry()).isEqualTo(first.senderEntry());
          assertThat(r.recipientEntry()).isEqualTo(first.recipientEntry());
        } else {
          assertThat(r.duplicate()).as("first of %s", key).isFalse();
        }
      }
    }
    assertThat(db.queryLong("SELECT COUNT(*) FROM messages")).isEqualTo(originals.size());
    Map<Long, Set<MailboxEntry>> expected = new HashMap<>();
    originals.values().forEach(r -> {
      expected.computeIfAbsent(r.senderEntry().ownerId(), k -> new HashSet<>()).add(r.senderEntry());
      expected.computeIfAbsent(r.recipientEntry().ownerId(), k -> new HashSet<>()).add(r.recipientEntry());
    });
    MessageStore reader = nodes[0].messageStore();
    for (int t = 0; t < senders; t++) {
      long owner = u[t];
      List<MailboxEntry> box = reader.readMailbox(owner, 0, 10_000);
      assertThat(box).extracting(MailboxEntry::seq).as("seqs of mailbox %d", owner)
          .isEqualTo(LongStream.rangeClosed(1, box.size()).boxed().toList());
      assertThat(new HashSet<>(box)).isEqualTo(expected.getOrDefault(owner, Set.of()));
      List<String> sentInOrder = byThread.get(t).stream().filter(r -> !r.duplicate())
          .map(r -> r.message().clientMsgId()).toList();
      assertThat(box.stream().filter(e -> e.message().senderId() == owner).map(e -> e.message().clientMsgId()))
          .as("sender %d's own messages in its mailbox", owner).containsExactlyElementsOf(sentInOrder);
    }
  }

  private static Throwable causeOf(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
