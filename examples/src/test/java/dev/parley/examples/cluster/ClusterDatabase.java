package dev.parley.examples.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh MariaDB/MySQL database {@code parley_cluster_<random>} on the server the tests use
 * (PARLEY_JDBC_URL / PARLEY_DB_USER / PARLEY_DB_PASSWORD), dropped by {@link #drop()}.
 */
final class ClusterDatabase {
  final String name = "parley_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final String user = env("PARLEY_DB_USER", "root");
  final String password = env("PARLEY_DB_PASSWORD", "");
  private final String serverUrl;
  private final String params;

  ClusterDatabase() {
    String url = env("PARLEY_JDBC_URL", "jdbc:mysql://127.0.0.1:3306/test");
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    this.params = query < 0 ? "" : url.substring(query);
    int path = base.indexOf('/', base.indexOf("//") + 2);
    this.serverUrl = path < 0 ? base + "/" : base.substring(0, path + 1);
  }

  /** The JDBC URL of this database. */
  String jdbcUrl() {
    return serverUrl + name + params;
  }

  ClusterDatabase create() throws SQLException {
    execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    return this;
  }

  void drop() throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(serverUrl + params, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String env(String key, String fallback) {
    String v = System.getenv(key);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
