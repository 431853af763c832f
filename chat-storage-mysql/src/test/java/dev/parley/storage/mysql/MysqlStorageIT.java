package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.User;
import dev.parley.core.testing.Concurrently;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MySQL-specific behaviour of {@link MysqlStorage}: start-up, migrations, character set, life cycle. */
class MysqlStorageIT {
  private TestDatabase db;

  @BeforeEach
  void createDatabase() {
    db = new TestDatabase();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void startingTwiceAppliesEachMigrationOnceAndKeepsTheData() {
    User alice;
    try (MysqlStorage first = db.storage().build()) {
      alice = first.userStore().create(newUser("alice"));
    }
    try (MysqlStorage second = db.storage().build()) {
      assertThat(second.userStore().findById(alice.id())).contains(alice);
    }
    assertThat(db.queryLong("SELECT COUNT(*) FROM parley_schema_history WHERE version = '1' AND success = 1"))
        .isEqualTo(1);
    assertThat(db.queryLong("SELECT COUNT(*) FROM parley_schema_history WHERE success = 0")).isZero();
  }

  @Test
  void theDeploymentIdIsMadeOnceAndDiffersPerDatabase() {
    String id;
    try (MysqlStorage first = db.storage().build()) {
      id = first.messageStore().deploymentId();
    }
    try (MysqlStorage restarted = db.storage().build()) {
      assertThat(restarted.messageStore().deploymentId()).isEqualTo(id);
    }
    try (TestDatabase other = new TestDatabase(); MysqlStorage elsewhere = other.storage().build()) {
      assertThat(elsewhere.messageStore().deploymentId()).isNotEqualTo(id);
    }
  }

  @Test
  void aSchemaWithoutTheDeploymentRowFailsAtStartWithTheReason() throws Exception {
    db.storage().build().close();
    try (var c = db.connect(); var s = c.createStatement()) {
      s.execute("DELETE FROM deployment");
    }
    assertThatThrownBy(() -> db.storage().migrate(false).build())
        .isInstanceOf(ChatException.class).hasMessageContaining("table deployment has no row 1");
  }

  @Test
  void processesStartingTogetherOnAnEmptyDatabaseMigrateItOnce() {
    List<MysqlStorage> started = Concurrently.call(3, i -> db.storage().poolName("start-" + i).build());
    try {
      User u = started.get(0).userStore().create(newUser("together"));
      assertThat(started.get(2).userStore().findById(u.id())).contains(u);
    } finally {
      started.forEach(MysqlStorage::close);
    }
    assertThat(db.queryLong("SELECT COUNT(*) FROM parley_schema_history WHERE version = '1' AND success = 1"))
        .isEqualTo(1);
  }

  @Test
  void aStartWaitsForAnotherProcesssMigrationLongerThanTheSocketTimeout() throws Exception {
    String lock = "CONCAT('parley_migrate_', MD5(DATABASE()))";
    try (Connection other = db.connect(); Statement s = other.createStatement()) {
      s.executeQuery("SELECT GET_LOCK(" + lock + ", 10)").close();
      CompletableFuture<MysqlStorage> start = CompletableFuture.supplyAsync(
          () -> db.storage().socketTimeout(Duration.ofMillis(300)).build());
      await().atMost(Duration.ofSeconds(30)).until(() -> db.queryLong("SELECT COUNT(*) FROM "
          + "information_schema.processlist WHERE db = '" + db.name() + "' AND info LIKE 'SELECT GET_LOCK(%' "
          + "AND time >= 2") == 1); // waiting for the lock far longer than its socket timeout
      s.executeQuery("SELECT RELEASE_LOCK(" + lock + ")").close();
      try (MysqlStorage started = start.get(30, TimeUnit.SECONDS)) {
        assertThat(started.userStore().findById(1)).isEmpty();
      }
    }
  }

  @Test
  void tablesAreInnoDbWithUtf8mb4() {
    try (MysqlStorage storage = db.storage().build()) {
      assertThat(storage.userStore().findById(1)).isEmpty();
    }
    String schema = "'" + db.name() + "'";
    assertThat(db.queryLong("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = " + schema
        + " AND table_name IN ('users', 'friend_requests', 'friendships', 'messages', 'mailboxes', "
        + "'mailbox_entries', 'conversations') AND engine = 'InnoDB'")).isEqualTo(7);
    assertThat(db.queryLong("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = " + schema
        + " AND character_set_name IS NOT NULL AND character_set_name <> 'utf8mb4'")).isZero();
  }

  @Test
  void emojiAndNonLatinTextRoundTrip() {
    String text = "héllo 👋🏽 𝄞 中文 👨‍👩‍👧";
    try (MysqlStorage storage = db.storage().build()) {
      User a = storage.userStore().create(newUser("Ünïcode"));
      User b = storage.userStore().create(newUser("bob"));
      User updated = storage.userStore().updateProfile(a.id(),
          new ProfileUpdate(Optional.of("😀 Smiley"), Optional.empty(), Optional.of("bio 🎸 ünïcödé"))).orElseThrow();
      AppendResult sent = storage.messageStore().append(a.id(), b.id(), "c-😀", text, Instant.parse("2024-05-01T10:00:00Z"));

      assertThat(storage.userStore().findById(a.id())).contains(updated);
      assertThat(updated.nickname()).isEqualTo("😀 Smiley");
      assertThat(storage.userStore().findByName(a.name().toUpperCase())).contains(updated);
      assertThat(storage.userStore().search("😀", 10)).containsExactly(updated);
      assertThat(storage.messageStore().readMailbox(b.id(), 0, 10))
          .extracting(e -> e.message().text()).containsExactly(text);
      assertThat(storage.messageStore().history(b.id(), a.id(), 0, 10)).containsExactly(sent.message());
      assertThat(storage.messageStore().append(a.id(), b.id(), "c-😀", "other", Instant.now()).duplicate()).isTrue();
    }
  }

  @Test
  void sentAtKeepsNanosecondsAndOrderIsBySeq() {
    Instant sentAt = Instant.parse("2024-05-01T10:00:00.123456789Z");
    try (MysqlStorage storage = db.storage().build()) {
      long a = storage.userStore().create(newUser("a")).id();
      long b = storage.userStore().create(newUser("b")).id();
      Message first = storage.messageStore().append(a, b, "1", "one", sentAt).message();
      Message second = storage.messageStore().append(b, a, "1", "two", sentAt.plusSeconds(1)).message();

      assertThat(storage.messageStore().readMailbox(a, 0, 10)).extracting(MailboxEntry::message)
          .containsExactly(first, second);
      assertThat(first.sentAt()).isEqualTo(sentAt);
      assertThat(storage.messageStore().conversations(a, 10)).containsExactly(new Conversation(b, second, 1));
    }
  }

  @Test
  void rejectsValuesTheSchemaCannotHold() {
    try (MysqlStorage storage = db.storage().build()) {
      long a = storage.userStore().create(newUser("a")).id();
      long b = storage.userStore().create(newUser("b")).id();
      assertThatThrownBy(() -> storage.messageStore().append(a, b, "x".repeat(65), "t", Instant.now()))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
      assertThatThrownBy(() -> storage.messageStore().append(a, b, "y", "t", Instant.parse("0999-12-31T00:00:00Z")))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
      assertThat(storage.messageStore().lastSeq(a)).isZero();
    }
  }

  @Test
  void callerOwnedDataSourceStaysOpenAfterClose() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(TestDatabase.USER);
    config.setPassword(TestDatabase.PASSWORD);
    config.setMaximumPoolSize(2);
    config.addDataSourceProperty("characterEncoding", "UTF-8");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      User u;
      try (MysqlStorage storage = MysqlStorage.create(pool)) {
        u = storage.userStore().create(newUser("owned"));
      }
      assertThat(pool.isClosed()).isFalse();
      try (MysqlStorage again = MysqlStorage.create(pool)) {
        assertThat(again.userStore().findByEmail(u.email())).contains(u);
      }
    }
  }

  @Test
  void storesFailWithUnavailableAfterClose() {
    MysqlStorage storage = db.storage().build();
    storage.close();
    storage.close(); // idempotent
    assertThatThrownBy(() -> storage.userStore().findById(1))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(storage.toString()).contains("closed");
  }

  @Test
  void unreachableDatabaseFailsFastWithUnavailable() {
    MysqlStorageBuilder builder = MysqlStorage.builder().jdbcUrl("jdbc:mysql://127.0.0.1:1/nothing")
        .username("nobody").password("secret").connectionTimeout(Duration.ofMillis(250));
    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(ChatException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(e.getMessage()).contains("127.0.0.1:1").doesNotContain("secret");
        });
  }

  @Test
  void configurationIsSealedAtBuild() {
    MysqlStorageBuilder builder = db.storage().maximumPoolSize(3);
    try (MysqlStorage storage = builder.build()) {
      builder.maximumPoolSize(9).jdbcUrl("jdbc:mysql://127.0.0.1:1/elsewhere");
      assertThat(storage.toString()).contains("maximumPoolSize=3").contains(db.name());
      assertThat(storage.userStore().findById(1)).isEmpty();
    }
  }

  static NewUser newUser(String prefix) {
    String unique = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    return new NewUser("u" + UUID.randomUUID().toString().replace("-", "") + "@example.com", unique, "hash");
  }
}
