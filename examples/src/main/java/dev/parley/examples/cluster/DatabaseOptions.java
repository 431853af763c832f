package dev.parley.examples.cluster;

import dev.parley.storage.mysql.MysqlStorage;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where MySQL/MariaDB is: the options of the roles that use the stores (gate, chat nodes). The
 * schema is migrated (Flyway) by whichever process starts first. Filled by picocli; not thread-safe.
 */
final class DatabaseOptions {
  @Option(names = "--jdbc-url",
      defaultValue = "${env:PARLEY_JDBC_URL:-jdbc:mysql://127.0.0.1:3306/parley?createDatabaseIfNotExist=true}",
      description = "JDBC URL of Parley's own database. Env PARLEY_JDBC_URL. Default ${DEFAULT-VALUE}")
  String jdbcUrl;

  @Option(names = "--db-user", defaultValue = "${env:PARLEY_DB_USER:-root}",
      description = "Database user. Env PARLEY_DB_USER. Default ${DEFAULT-VALUE}")
  String user;

  @Option(names = "--db-password", defaultValue = "${env:PARLEY_DB_PASSWORD:-}",
      description = "Database password; prefer the env var PARLEY_DB_PASSWORD (flags show in ps)")
  String password;

  @Option(names = "--db-pool-size", defaultValue = "${env:PARLEY_DB_POOL_SIZE:-10}",
      description = "Most pooled connections. Env PARLEY_DB_POOL_SIZE. Default ${DEFAULT-VALUE}")
  int poolSize;

  @Option(names = "--db-connection-timeout", defaultValue = "${env:PARLEY_DB_CONNECTION_TIMEOUT:-1s}",
      description = "Longest wait for a pooled connection (at least 250ms). Env PARLEY_DB_CONNECTION_TIMEOUT. "
          + "Default ${DEFAULT-VALUE}")
  Duration connectionTimeout;

  @Option(names = "--db-socket-timeout", defaultValue = "${env:PARLEY_DB_SOCKET_TIMEOUT:-1s}",
      description = "Longest wait for the database's reply to one statement; a hung database fails requests with "
          + "UNAVAILABLE after the connection timeout plus this. Env PARLEY_DB_SOCKET_TIMEOUT. Default ${DEFAULT-VALUE}")
  Duration socketTimeout;

  /** Opens the pool and migrates the schema; the caller owns (closes) the storage. */
  MysqlStorage open(String poolName) {
    return MysqlStorage.builder().jdbcUrl(jdbcUrl).username(user).password(password == null ? "" : password)
        .maximumPoolSize(poolSize).poolName(poolName).connectionTimeout(connectionTimeout)
        .socketTimeout(socketTimeout).build();
  }
}
