package dev.parley.storage.mysql;

import dev.parley.storage.mysql.internal.ServerTraits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** The sealed settings of one {@link MysqlStorage}, checked by {@link MysqlStorageBuilder}. Immutable. */
record MysqlStorageConfig(String jdbcUrl, String username, String password, int maximumPoolSize,
    Duration connectionTimeout, String poolName, Map<String, String> dataSourceProperties,
    DataSource dataSource, boolean migrate, int transactionAttempts, Clock clock,
    int appendWriters, int appendBatchSize, int appendQueueSize, Duration socketTimeout,
    UnaryOperator<ServerTraits> serverTraits, int groupAppendWriters) {

  /**
   * The longest a message append waits for its batch: a connection plus one statement's reply.
   * With a caller's data source these are the defaults, not that pool's own timeouts.
   */
  Duration appendWait() {
    return connectionTimeout.plus(socketTimeout);
  }

  boolean ownsPool() {
    return dataSource == null;
  }

  @Override
  public String toString() {
    // Never the password.
    String appends = ", appendWriters=" + appendWriters + ", appendBatchSize=" + appendBatchSize
        + ", appendQueueSize=" + appendQueueSize + ", groupAppendWriters=" + groupAppendWriters + "]";
    return ownsPool()
        ? "MysqlStorageConfig[jdbcUrl=" + jdbcUrl + ", username=" + username + ", maximumPoolSize="
            + maximumPoolSize + ", connectionTimeout=" + connectionTimeout + ", socketTimeout=" + socketTimeout
            + ", poolName=" + poolName + appends
        : "MysqlStorageConfig[dataSource=" + dataSource.getClass().getName() + appends;
  }
}
