package dev.parley.storage.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away database {@code parley_test_<random>} on the MariaDB/MySQL server named by
 * PARLEY_JDBC_URL / PARLEY_DB_USER / PARLEY_DB_PASSWORD, so test runs can repeat and overlap.
 * Created on construction, dropped by {@link #close()}.
 */
final class TestDatabase implements AutoCloseable {
  static final String SERVER_URL = env("PARLEY_JDBC_URL", "jdbc:mysql://127.0.0.1:3306/test");
  static final String USER = env("PARLEY_DB_USER", "root");
  static final String PASSWORD = env("PARLEY_DB_PASSWORD", "");
  private static final Pattern URL = Pattern.compile("^(jdbc:(?:mysql|mariadb)://[^/?]*)(/[^?]*)?(\\?.*)?$");

  private final String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  TestDatabase() {
    execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  }

  String name() {
    return name;
  }

  /** The server URL pointing at this database, the server URL's parameters kept. */
  String jdbcUrl() {
    Matcher m = URL.matcher(SERVER_URL);
    if (!m.matches()) {
      throw new IllegalStateException("cannot parse PARLEY_JDBC_URL " + SERVER_URL);
    }
    return m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3));
  }

  /** A storage builder on this database with a small pool. */
  MysqlStorageBuilder storage() {
    return MysqlStorage.builder().jdbcUrl(jdbcUrl()).username(USER).password(PASSWORD).maximumPoolSize(4);
  }

  /** A fresh JDBC connection to this database (the caller closes it). */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /** The single long value {@code sql} selects in this database. */
  long queryLong(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from " + sql);
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The single string value {@code sql} selects in this database. */
  String queryString(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from " + sql);
      }
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS `" + name + "`");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on " + SERVER_URL, e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
