package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.testing.Latches;
import dev.parley.storage.mysql.internal.Transactions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Transactions} against real InnoDB deadlocks: a transaction chosen as the deadlock victim
 * is retried and then commits; with no attempts left the caller gets UNAVAILABLE.
 */
class TransactionsIT {
  private static final long WAIT_SECONDS = 30;

  private TestDatabase db;
  private Jdbi jdbi;
  private ExecutorService executor;

  @BeforeEach
  void setUp() {
    db = new TestDatabase();
    jdbi = Jdbi.create(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD);
    jdbi.useHandle(h -> {
      h.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB");
      h.execute("CREATE TABLE filler (id INT AUTO_INCREMENT PRIMARY KEY, x INT) ENGINE=InnoDB");
      h.execute("INSERT INTO t VALUES (1, 0), (2, 0)");
    });
    executor = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    db.close();
  }

  @Test
  void theDeadlockVictimIsRetriedAndCommits() throws Exception {
    CountDownLatch victimLocked = new CountDownLatch(1);
    CountDownLatch otherLocked = new CountDownLatch(1);
    Future<?> other = executor.submit(() -> lockTwoThenOne(victimLocked, otherLocked));
    AtomicInteger attempts = new AtomicInteger();

    String result = new Transactions(jdbi, 3).inTransaction("test", h -> {
      int attempt = attempts.incrementAndGet();
      bump(h, 1);
      if (attempt == 1) {
        victimLocked.countDown();
        Latches.await(otherLocked, WAIT_SECONDS);
      }
      bump(h, 2); // on the first attempt this closes the cycle
      return "done";
    });
    other.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(2);
    assertThat(db.queryLong("SELECT SUM(v) FROM t")).isEqualTo(4); // both rows, both transactions, once each
  }

  @Test
  void withoutAttemptsLeftADeadlockIsUnavailable() throws Exception {
    CountDownLatch victimLocked = new CountDownLatch(1);
    CountDownLatch otherLocked = new CountDownLatch(1);
    Future<?> other = executor.submit(() -> lockTwoThenOne(victimLocked, otherLocked));

    assertThatThrownBy(() -> new Transactions(jdbi, 1).inTransaction("bump both", h -> {
      bump(h, 1);
      victimLocked.countDown();
      Latches.await(otherLocked, WAIT_SECONDS);
      return bump(h, 2);
    })).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("bump both").contains("after 1 attempts");
    });
    other.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(db.queryLong("SELECT SUM(v) FROM t")).isEqualTo(2); // only the other transaction's
  }

  @Test
  void otherSqlErrorsAreInternalAndNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> new Transactions(jdbi, 5).inTransaction("bad sql", h -> {
      attempts.incrementAndGet();
      return h.execute("UPDATE no_such_table SET v = 1");
    })).isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    assertThat(attempts).hasValue(1);
  }

  /**
   * The other transaction: locks row 2, waits until the victim holds row 1, then asks for row 1.
   * It first writes many rows so that InnoDB, which rolls back the transaction that changed
   * fewer rows, picks the one under test as the victim.
   */
  private void lockTwoThenOne(CountDownLatch victimLocked, CountDownLatch otherLocked) {
    jdbi.useTransaction(h -> {
      h.execute("INSERT INTO filler (x) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
          + "SELECT i FROM n");
      bump(h, 2);
      otherLocked.countDown();
      Latches.await(victimLocked, WAIT_SECONDS);
      bump(h, 1);
    });
  }

  private static int bump(Handle h, int id) {
    return h.createUpdate("UPDATE t SET v = v + 1 WHERE id = :id").bind("id", id).execute();
  }

}
