package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration checks of {@link MysqlStorageBuilder} that need no database. */
class MysqlStorageBuilderTest {
  private final MysqlStorageBuilder builder = MysqlStorage.builder();

  @Test
  void rejectsBadSingleValuesNamingThem() {
    assertThatThrownBy(() -> builder.jdbcUrl("jdbc:postgresql://db/parley"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql://db/parley");
    assertThatThrownBy(() -> builder.maximumPoolSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumPoolSize").hasMessageContaining("0");
    assertThatThrownBy(() -> builder.maximumPoolSize(1001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(249)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("249 ms");
    assertThatThrownBy(() -> builder.socketTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketTimeout");
    assertThatThrownBy(() -> builder.transactionAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transactionAttempts");
    assertThatThrownBy(() -> builder.poolName(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.dataSourceProperty("", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.username(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aHungDatabaseCostsAnAppendAtMostTwoSecondsByDefault() {
    MysqlStorageConfig sealed = builder.jdbcUrl("jdbc:mysql://127.0.0.1/parley").seal();

    assertThat(sealed.connectionTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sealed.socketTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sealed.appendWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(builder.socketTimeout(Duration.ofMillis(300)).connectionTimeout(Duration.ofMillis(400)).seal()
        .appendWait()).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void socketTimeoutConfiguresTheOwnedPoolOnly() {
    try (HikariDataSource unused = new HikariDataSource()) {
      assertThatThrownBy(() -> builder.dataSource(unused).socketTimeout(Duration.ofSeconds(1)).seal())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("socketTimeout");
    }
  }

  @Test
  void acceptsMysqlAndMariadbUrls() {
    builder.jdbcUrl("jdbc:mysql://127.0.0.1:3306/parley").jdbcUrl("jdbc:mariadb://127.0.0.1:3306/parley");
    assertThat(builder.seal().jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/parley");
  }

  @Test
  void needsExactlyOneOfJdbcUrlAndDataSource() {
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jdbcUrl unset, dataSource unset");
    try (HikariDataSource unused = new HikariDataSource()) {
      builder.jdbcUrl("jdbc:mysql://127.0.0.1/parley").dataSource(unused);
      assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("jdbcUrl set, dataSource set");
    }
  }

  @Test
  void poolSettingsCannotBeCombinedWithACallersDataSource() {
    try (HikariDataSource unused = new HikariDataSource()) {
      builder.dataSource(unused).maximumPoolSize(5);
      assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be combined with dataSource");
    }
  }

  @Test
  void migratingNeedsASecondConnectionForTheLock() {
    builder.jdbcUrl("jdbc:mysql://127.0.0.1/parley").maximumPoolSize(1);
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maximumPoolSize of at least 2").hasMessageContaining("was 1");
    assertThat(builder.migrate(false).seal().maximumPoolSize()).isEqualTo(1);
  }

  @Test
  void rejectsBadAppendSettingsNamingThem() {
    assertThatThrownBy(() -> builder.appendWriters(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appendWriters").hasMessageContaining("0");
    assertThatThrownBy(() -> builder.appendWriters(65)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.appendBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appendBatchSize");
    assertThatThrownBy(() -> builder.appendBatchSize(1025)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.appendQueueSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appendQueueSize");
  }

  @Test
  void appendSettingsHaveProductionDefaults() {
    MysqlStorageConfig sealed = builder.jdbcUrl("jdbc:mysql://127.0.0.1/parley").seal();
    assertThat(sealed.appendWriters()).isEqualTo(2);
    assertThat(sealed.appendBatchSize()).isEqualTo(128);
    assertThat(sealed.appendQueueSize()).isEqualTo(4096);
  }

  @Test
  void appendWritersLeaveAConnectionOfTheOwnedPoolForReads() {
    builder.jdbcUrl("jdbc:mysql://127.0.0.1/parley").maximumPoolSize(4).appendWriters(4);
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("appendWriters (4) must be below maximumPoolSize (4)");
    assertThat(builder.appendWriters(3).seal().appendWriters()).isEqualTo(3);
    // The default shrinks to fit a small pool instead of failing.
    MysqlStorageBuilder small = MysqlStorage.builder().jdbcUrl("jdbc:mysql://127.0.0.1/parley");
    assertThat(small.maximumPoolSize(2).seal().appendWriters()).isEqualTo(1);
    assertThat(small.maximumPoolSize(1).migrate(false).seal().appendWriters()).isEqualTo(1);
  }

  @Test
  void appendWritersWithACallersDataSourceAreTheCallersToSize() {
    try (HikariDataSource unused = new HikariDataSource()) {
      assertThat(builder.dataSource(unused).appendWriters(8).seal().appendWriters()).isEqualTo(8);
    }
  }

  @Test
  void sealedConfigurationIgnoresLaterBuilderChangesAndHidesThePassword() {
    builder.jdbcUrl("jdbc:mysql://127.0.0.1/parley").username("parley").password("s3cret")
        .dataSourceProperty("sslMode", "DISABLED");
    MysqlStorageConfig sealed = builder.seal();
    builder.maximumPoolSize(50).dataSourceProperty("other", "x").jdbcUrl("jdbc:mysql://elsewhere/db");

    assertThat(sealed.maximumPoolSize()).isEqualTo(MysqlStorageBuilder.DEFAULT_POOL_SIZE);
    assertThat(sealed.connectionTimeout()).isEqualTo(MysqlStorageBuilder.DEFAULT_CONNECTION_TIMEOUT);
    assertThat(sealed.dataSourceProperties()).containsOnlyKeys("sslMode");
    assertThat(sealed.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1/parley");
    assertThat(sealed.toString()).contains("parley").doesNotContain("s3cret");
  }
}
