package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.spi.MessageStore;
import dev.parley.storage.mysql.internal.ServerTraits;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many statements the writer sends per batch, counted by a driver interceptor
 * ({@link StatementRecorder}): the shortcut path on MariaDB, the portable path, and a batch whose
 * optimistic insert meets a stored message. The counts do not grow with the batch size. The
 * {@code SET autocommit} pair is JDBC's transaction demarcation (one round trip each); setting
 * auto-commit back on commits, so no {@code COMMIT} of its own.
 */
class StatementCountIT {
  private static final long WAIT_SECONDS = 30;
  private static final int BATCH = 20;

  private TestDatabase db;
  private final List<MysqlStorage> storages = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();

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
      storages.forEach(MysqlStorage::close);
    } finally {
      db.close();
    }
  }

  @Test
  void aBatchOfNewMessagesOnMariadbIsFourStatementsInATransaction() throws Exception {
    List<String> batch = statementsOfOneBatch(UnaryOperator.identity(), false);
    assumeThat(storages.get(0).serverTraits().counterReturning()).isTrue();
    assertThat(batch).containsExactly("SET autocommit=0", "INSERT INTO mailboxes … RETURNING", "INSERT INTO messages",
        "INSERT INTO mailbox_entries", "INSERT INTO conversations", "SET autocommit=1");
  }

  @Test
  void thePortablePathReadsCountersAndIdsBack() throws Exception {
    assertThat(statementsOfOneBatch(t -> ServerTraits.PORTABLE, false)).containsExactly("SET autocommit=0",
        "INSERT INTO mailboxes", "SELECT owner_id, last_seq … FOR UPDATE", "INSERT INTO messages",
        "SELECT m.id, m.sender_id,", "INSERT INTO mailbox_entries", "INSERT INTO conversations", "SET autocommit=1");
  }

  @Test
  void aBatchMeetingAStoredMessageRollsBackAndRunsAgainAfterLookingUp() throws Exception {
    List<String> batch = statementsOfOneBatch(UnaryOperator.identity(), true);
    assumeThat(storages.get(0).serverTraits().counterReturning()).isTrue();
    assertThat(batch).containsExactly("SET autocommit=0", "INSERT INTO mailboxes … RETURNING", "INSERT INTO messages",
        "ROLLBACK", "SET autocommit=1",
        "SET autocommit=0", "SELECT m.id, m.sender_id,", "INSERT INTO mailboxes … RETURNING", "INSERT INTO messages",
        "INSERT INTO mailbox_entries", "INSERT INTO conversations", "SET autocommit=1");
  }

  private List<String> statementsOfOneBatch(UnaryOperator<ServerTraits> traits, boolean withRepeat) throws Exception {
    MysqlStorage storage = db.storage().appendWriters(1).serverTraits(traits)
        .dataSourceProperty("queryInterceptors", StatementRecorder.class.getName()).build();
    storages.add(storage);
    MessageStore store = storage.messageStore();
    long[] u = LongStream.range(0, 6).map(i -> storage.userStore().create(MysqlStorageIT.newUser("c" + i)).id()).toArray();
    store.append(u[4], u[5], "warm", "x", Instant.now());
    store.append(u[0], u[1], "stored", "x", Instant.now());
    Connection hold = WriterHold.lockMailbox(db, connections, u[4]);
    CompletableFuture<?> held = store.appendAsync(u[4], u[5], "held", "x", Instant.now());
    WriterHold.awaitWriterBlockedBy(db, hold);
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      String id = withRepeat && i == 8 ? "stored" : "n" + i; // u[0] to u[1], like the stored one
      futures.add(store.appendAsync(u[i % 4], u[(i + 1) % 4], id, "x", Instant.now()));
    }
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> storage.appendStats().queued() == BATCH);
    StatementRecorder.STATEMENTS.clear();
    hold.rollback();
    held.get(WAIT_SECONDS, TimeUnit.SECONDS);
    for (CompletableFuture<?> f : futures) {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThat(storage.appendStats().largestBatch()).isEqualTo(BATCH);
    // The held batch's rest comes first, up to its transaction's end.
    List<String> all = List.copyOf(StatementRecorder.STATEMENTS);
    List<String> batch = all.subList(all.indexOf("SET autocommit=1") + 1, all.size());
    System.out.println("statements of a batch of " + BATCH + (withRepeat ? " with a repeat" : "") + ": " + batch);
    return batch;
  }
}
