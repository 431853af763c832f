package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.NewGroup;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.testing.UniqueNames;
import dev.parley.storage.mysql.internal.AppendStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit of group appends on a real database: 64 concurrent senders to one group get the
 * seqs after the creation entry exactly once and in each sender's order, in batches; one batch
 * answers a non-member, an in-batch repeat and a stored repeat on their own; and a batch is a fixed
 * handful of statements however many appends and groups it carries ({@link StatementRecorder}).
 * The writer is held deterministically by a connection holding the group row's lock ({@code
 * SELECT ... FOR UPDATE}, the lock every log write takes first), never by sleeping.
 */
class MysqlGroupAppendIT {
  private static final long WAIT_SECONDS = 60;
  private static final int SENDERS = 64;
  private static final int APPENDS_PER_SENDER = 20;

  private TestDatabase db;
  private MysqlStorage storage;
  private final List<Connection> connections = new ArrayList<>();

  /**
   * A storage on the test database whose appends may wait long: the held appends' wait timeout
   * (connection + socket timeout) runs from their submission, and a loaded shared machine may take
   * seconds for the batches after the hold. The tests are about seqs and batching, not latency.
   */
  private MysqlStorageBuilder patientStorage() {
    return db.storage().socketTimeout(Duration.ofSeconds(20));
  }

  @BeforeEach
  void setUp() {
    db = new TestDatabase();
  }

  @AfterEach
  void tearDown() throws SQLException {
    try {
      for (Connection c : connections) {
        c.close();
      }
      if (storage != null) {
        storage.close();
      }
    } finally {
      db.close();
    }
  }

  private static Group create(GroupStore groups, long owner, List<Long> members) {
    return groups.create(new NewGroup(owner, members, "g " + UniqueNames.token(), "", "", JoinPolicy.INVITE_ONLY,
        false, 500), Instant.now());
  }

  /** A connection in an open transaction holding the group row's lock. */
  private Connection lockGroup(long groupId) throws SQLException {
    Connection c = db.connect();
    connections.add(c);
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement("SELECT last_seq FROM chat_groups WHERE id = ? FOR UPDATE")) {
      s.setLong(1, groupId);
      s.executeQuery().close();
    }
    return c;
  }

  @Test
  void sixtyFourConcurrentSendersGetGapFreeSeqsInBatches() throws Exception {
    storage = patientStorage().maximumPoolSize(8).build();
    GroupStore groups = storage.groupStore();
    long[] senders = LongStream.range(0, SENDERS).map(i -> UniqueNames.userId()).toArray();
    List<Long> others = LongStream.of(senders).skip(1).boxed().toList();
    Group g = create(groups, senders[0], others);
    Connection hold = lockGroup(g.id());
    CyclicBarrier start = new CyclicBarrier(SENDERS);
    List<List<CompletableFuture<GroupAppendResult>>> bySender = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      List<CompletableFuture<GroupAppendResult>> mine = new ArrayList<>();
      bySender.add(mine);
      long sender = senders[s];
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        for (int i = 0; i < APPENDS_PER_SENDER; i++) {
          mine.add(groups.appendAsync(g.id(), sender, sender + "-" + i, "m" + i, Instant.now()));
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
    WriterHold.awaitWriterBlockedBy(db, hold);
    hold.rollback();

    int total = SENDERS * APPENDS_PER_SENDER;
    List<Long> seqs = new ArrayList<>();
    for (List<CompletableFuture<GroupAppendResult>> mine : bySender) {
      long previous = 0;
      for (CompletableFuture<GroupAppendResult> f : mine) {
        GroupAppendResult r = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(r.duplicate()).isFalse();
        assertThat(r.message().seq()).as("a sender's pipelined appends keep their order").isGreaterThan(previous);
        previous = r.message().seq();
        seqs.add(previous);
      }
    }
    assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, total + 1).boxed().toList());
    assertThat(groups.find(g.id()).orElseThrow().lastSeq()).isEqualTo(total + 1);
    List<GroupMessage> log = new ArrayList<>();
    for (long after = 0; log.size() < total + 1; ) {
      List<GroupMessage> page = groups.readAfter(g.id(), after, 500);
      assertThat(page).isNotEmpty();
      log.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
    assertThat(log).extracting(GroupMessage::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total + 1).boxed().toList());
    assertThat(log).extracting(GroupMessage::id).as("ids increase with seq").isSorted();
    AppendStats stats = storage.groupAppendStats();
    System.out.println("64 senders x " + APPENDS_PER_SENDER + " group appends: " + stats);
    assertThat(stats.items()).isGreaterThanOrEqualTo(total);
    assertThat(stats.largestBatch()).isGreaterThan(1);
    assertThat(stats.batches()).as("batched: fewer transactions than appends").isLessThan(stats.items());
    assertThat(stats.fallbacks()).isZero();
  }

  @Test
  void oneBatchAnswersANonMemberAndRepeatsOnTheirOwn() throws Exception {
    storage = patientStorage().build();
    GroupStore groups = storage.groupStore();
    long owner = UniqueNames.userId();
    long member = UniqueNames.userId();
    long stranger = UniqueNames.userId();
    Group g = create(groups, owner, List.of(member));
    GroupMessage stored = groups.append(g.id(), member, "stored", "first", Instant.now()).message();
    Connection hold = lockGroup(g.id());
    CompletableFuture<GroupAppendResult> held = groups.appendAsync(g.id(), owner, "held", "x", Instant.now());
    WriterHold.awaitWriterBlockedBy(db, hold);
    CompletableFuture<GroupAppendResult> a = groups.appendAsync(g.id(), owner, "a", "x", Instant.now());
    CompletableFuture<GroupAppendResult> refused = groups.appendAsync(g.id(), stranger, "s", "x", Instant.now());
    CompletableFuture<GroupAppendResult> repeatOfStored = groups.appendAsync(g.id(), member, "stored", "again", Instant.now());
    CompletableFuture<GroupAppendResult> b = groups.appendAsync(g.id(), member, "b", "x", Instant.now());
    CompletableFuture<GroupAppendResult> repeatOfB = groups.appendAsync(g.id(), member, "b", "x", Instant.now());
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.groupAppendStats().queued() == 5);
    hold.rollback();

    assertThat(held.get(WAIT_SECONDS, TimeUnit.SECONDS).message().seq()).isEqualTo(3);
    assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS).message().seq()).isEqualTo(4);
    assertThat(refused).failsWithin(Duration.ofSeconds(WAIT_SECONDS)).withThrowableOfType(ExecutionException.class)
        .satisfies(e -> assertThat(((ChatException) e.getCause()).code()).isEqualTo(ErrorCode.NOT_A_MEMBER));
    assertThat(repeatOfStored.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new GroupAppendResult(stored, true));
    GroupMessage bMessage = b.get(WAIT_SECONDS, TimeUnit.SECONDS).message();
    assertThat(bMessage.seq()).isEqualTo(5);
    assertThat(repeatOfB.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new GroupAppendResult(bMessage, true));
    assertThat(groups.readAfter(g.id(), 0, 10)).extracting(GroupMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(storage.groupAppendStats().largestBatch()).isEqualTo(5);
  }

  @Test
  void aBatchOverTwoGroupsIsSevenStatementsInATransaction() throws Exception {
    storage = patientStorage().dataSourceProperty("queryInterceptors", StatementRecorder.class.getName()).build();
    assumeThat(storage.serverTraits().consecutiveIds()).isTrue();
    GroupStore groups = storage.groupStore();
    long owner = UniqueNames.userId();
    long member = UniqueNames.userId();
    Group one = create(groups, owner, List.of(member));
    Group two = create(groups, owner, List.of(member));
    Connection hold = lockGroup(one.id());
    CompletableFuture<GroupAppendResult> held = groups.appendAsync(one.id(), owner, "held", "x", Instant.now());
    WriterHold.awaitWriterBlockedBy(db, hold);
    List<CompletableFuture<GroupAppendResult>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(groups.appendAsync(i % 2 == 0 ? one.id() : two.id(), i % 3 == 0 ? owner : member, "n" + i, "x",
          Instant.now()));
    }
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.groupAppendStats().queued() == 20);
    StatementRecorder.STATEMENTS.clear();
    hold.rollback();
    held.get(WAIT_SECONDS, TimeUnit.SECONDS);
    for (CompletableFuture<GroupAppendResult> f : futures) {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThat(storage.groupAppendStats().largestBatch()).isEqualTo(20);
    List<String> all = List.copyOf(StatementRecorder.STATEMENTS);
    List<String> batch = all.subList(all.indexOf("SET autocommit=1") + 1, all.size());
    System.out.println("statements of a group batch of 20 over 2 groups: " + batch);
    assertThat(batch).containsExactly("SET autocommit=0", "SELECT id, last_seq, … FOR UPDATE", "SELECT x.group_id AS",
        "SELECT group_id, user_id", "UPDATE chat_groups SET", "INSERT INTO group_messages", "SET autocommit=1");
    assertThat(groups.find(one.id()).orElseThrow().lastSeq()).isEqualTo(1 + 1 + 10);
    assertThat(groups.find(two.id()).orElseThrow().lastSeq()).isEqualTo(1 + 10);
  }
}
