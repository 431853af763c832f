package dev.parley.storage.mysql;

import static dev.parley.storage.mysql.MysqlStorageIT.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A hung database (mariadbd SIGSTOPped: connections open, nothing answers) makes store calls fail
 * with {@code UNAVAILABLE} within the default bound (connection timeout 1 s + statement timeout
 * 1 s) instead of hanging, acknowledged messages survive, a timed-out append retried with the same
 * client message id is stored once, and the storage recovers by itself after SIGCONT. Runs its own
 * mariadbd, never the shared server.
 */
class HungDatabaseIT {
  /** The default bound of 2 s, plus a generous margin for a loaded machine. */
  private static final Duration DEFAULT_BOUND_WITH_MARGIN = Duration.ofSeconds(5);
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  private static MariadbProcess db;
  private static MysqlStorage storage;

  @BeforeAll
  static void start() throws Exception {
    db = MariadbProcess.start();
    storage = MysqlStorage.builder().jdbcUrl(db.jdbcUrl()).username("root").password("").maximumPoolSize(4).build();
  }

  @AfterEach
  void resumeDatabase() {
    db.resume();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (storage != null) {
        storage.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @Test
  void userStoreFailsFastWhileTheDatabaseHangsAndRecoversAfter() {
    User alice = storage.userStore().create(newUser("alice"));

    db.suspend();
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN, () -> storage.userStore().findById(alice.id()));
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN, () -> storage.userStore().create(newUser("bob")));

    db.resume();
    await().atMost(RECOVERY).ignoreException(ChatException.class)
        .untilAsserted(() -> assertThat(storage.userStore().findById(alice.id())).contains(alice));
  }

  @Test
  void anAppendFailsFastWhileTheDatabaseHangsAndItsRetryIsStoredOnce() {
    User sender = storage.userStore().create(newUser("sender"));
    User recipient = storage.userStore().create(newUser("recipient"));
    storage.messageStore().append(sender.id(), recipient.id(), "before", "acknowledged", Instant.now());

    db.suspend();
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN,
        () -> storage.messageStore().append(sender.id(), recipient.id(), "during", "retried", Instant.now()));

    db.resume();
    await().atMost(RECOVERY).ignoreException(ChatException.class).until(() ->
        storage.messageStore().append(sender.id(), recipient.id(), "during", "retried", Instant.now()) != null);
    List<String> mailbox = storage.messageStore().readMailbox(recipient.id(), 0, 100).stream()
        .map(MailboxEntry::message).map(m -> m.clientMsgId() + ":" + m.text()).toList();
    assertThat(mailbox).containsExactly("before:acknowledged", "during:retried");
  }

  @Test
  void concurrentAppendsQueuedBehindAHungDatabaseAllFailFast() throws Exception {
    User sender = storage.userStore().create(newUser("many"));
    User recipient = storage.userStore().create(newUser("many-to"));
    int callers = 20;
    long fallbacksBefore = storage.appendStats().fallbacks();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      db.suspend();
      List<CompletableFuture<Duration>> outcomes = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String clientMsgId = "queued-" + i;
        outcomes.add(CompletableFuture.supplyAsync(() -> timeToUnavailable(
            () -> storage.messageStore().append(sender.id(), recipient.id(), clientMsgId, "x", Instant.now())), pool));
      }
      for (CompletableFuture<Duration> outcome : outcomes) {
        assertThat(outcome.get(60, TimeUnit.SECONDS)).isLessThan(DEFAULT_BOUND_WITH_MARGIN);
      }
      // a broken connection fails the batch as UNAVAILABLE; it is not mistaken for a bad append
      // and retried one by one against the hung database
      assertThat(storage.appendStats().fallbacks()).isEqualTo(fallbacksBefore);
    } finally {
      db.resume();
      pool.shutdownNow();
    }
  }

  private static void assertUnavailableWithin(Duration bound, Executable call) {
    assertThat(timeToUnavailable(call)).as("time to answer UNAVAILABLE").isLessThan(bound);
  }

  // Preemptive, so a call that hangs (as they did before the timeouts) fails the test instead of blocking it.
  private static Duration timeToUnavailable(Executable call) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), call)).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).as("code of %s", e).isEqualTo(ErrorCode.UNAVAILABLE));
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
