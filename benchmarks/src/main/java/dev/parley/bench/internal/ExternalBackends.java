package dev.parley.bench.internal;

import dev.parley.cache.redis.RedisCache;
import dev.parley.storage.mysql.MysqlStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MySQL/MariaDB storage and Redis cache a benchmark runs on, from PARLEY_JDBC_URL,
 * PARLEY_DB_USER, PARLEY_DB_PASSWORD and PARLEY_REDIS_URL (defaults: the local test servers). Each
 * instance works in a database {@code parley_bench_<random>} of its own and a Redis key prefix of
 * its own, so runs can repeat and overlap; {@link #close()} drops the database (Redis keys expire
 * with their TTLs). Not thread-safe to build and close; the stores it hands out are thread-safe.
 */
public final class ExternalBackends implements AutoCloseable {
  public static final String JDBC_URL = env("PARLEY_JDBC_URL", "jdbc:mysql://127.0.0.1:3306/test");
  public static final String DB_USER = env("PARLEY_DB_USER", "root");
  public static final String DB_PASSWORD = env("PARLEY_DB_PASSWORD", "");
  public static final String REDIS_URL = env("PARLEY_REDIS_URL", "redis://127.0.0.1:6379");
  private static final Pattern URL = Pattern.compile("^(jdbc:(?:mysql|mariadb)://[^/?]*)(/[^?]*)?(\\?.*)?$");

  private static final Pattern DATABASE = Pattern.compile("parley_bench_[a-f0-9]{12}");

  private final String database;
  private final String keyPrefix;
  private final boolean owner;
  private final MysqlStorage storage;
  private final RedisCache cache;

  private ExternalBackends(int poolSize, String database, String keyPrefix, boolean owner) {
    reachable().ifPresent(problem -> {
      throw new IllegalStateException(problem);
    });
    this.database = database;
    this.keyPrefix = keyPrefix;
    this.owner = owner;
    if (owner) {
      execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    try {
      var builder = MysqlStorage.builder().jdbcUrl(databaseUrl()).username(DB_USER).password(DB_PASSWORD)
          .maximumPoolSize(poolSize);
      // Experiments only: PARLEY_BENCH_APPEND_WRITERS / PARLEY_BENCH_APPEND_BATCH override the store's defaults.
      String writers = System.getenv("PARLEY_BENCH_APPEND_WRITERS");
      if (writers != null && !writers.isBlank()) {
        builder.appendWriters(Integer.parseInt(writers.strip()));
      }
      String batch = System.getenv("PARLEY_BENCH_APPEND_BATCH");
      if (batch != null && !batch.isBlank()) {
        builder.appendBatchSize(Integer.parseInt(batch.strip()));
      }
      storage = builder.build();
      cache = RedisCache.builder().singleServer(REDIS_URL).keyPrefix(keyPrefix).build();
    } catch (RuntimeException e) {
      if (owner) {
        execute("DROP DATABASE IF EXISTS `" + database + "`");
      }
      throw e;
    }
  }

  /** A new database {@code parley_bench_<random>} and key prefix, dropped again by {@link #close()}. */
  public static ExternalBackends create(int poolSize) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return new ExternalBackends(poolSize, "parley_bench_" + suffix, "parley-bench-" + suffix + ":", true);
  }

  /** Joins the database and key prefix another bench process created; {@link #close()} leaves them. */
  public static ExternalBackends join(int poolSize, String database, String keyPrefix) {
    if (database == null || !DATABASE.matcher(database).matches() || keyPrefix == null) {
      throw new IllegalArgumentException("not a bench database/prefix: " + database + " / " + keyPrefix);
    }
    return new ExternalBackends(poolSize, database, keyPrefix, false);
  }

  public String database() {
    return database;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  public MysqlStorage storage() {
    return storage;
  }

  public RedisCache cache() {
    return cache;
  }

  /** "MariaDB jdbc:... database parley_bench_x, Redis redis://..." for reports. */
  public String describe() {
    return "MySQL/MariaDB " + JDBC_URL + " (database " + database + "), Redis " + REDIS_URL;
  }

  /** Why MySQL or Redis cannot be used right now, or empty when both answer. */
  public static Optional<String> reachable() {
    try (Connection c = DriverManager.getConnection(JDBC_URL, DB_USER, DB_PASSWORD)) {
      c.isValid(3);
    } catch (SQLException e) {
      return Optional.of("MySQL/MariaDB at " + JDBC_URL + " is unreachable (" + e.getMessage()
          + "); set PARLEY_JDBC_URL, PARLEY_DB_USER, PARLEY_DB_PASSWORD");
    }
    return pingRedis();
  }

  private static Optional<String> pingRedis() {
    URI uri = URI.create(REDIS_URL);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 3000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(1);
      if (reply.length == 1 && (reply[0] == '+' || reply[0] == '-')) {
        return Optional.empty(); // "-NOAUTH" still proves a Redis is there; the cache reports auth errors
      }
      return Optional.of("Redis at " + REDIS_URL + " answered something other than a Redis reply");
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("Redis at " + REDIS_URL + " is unreachable (" + e.getMessage() + "); set PARLEY_REDIS_URL");
    }
  }

  @Override
  public void close() {
    try {
      cache.close();
    } finally {
      try {
        storage.close();
      } finally {
        if (owner) {
          execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
      }
    }
  }

  private String databaseUrl() {
    Matcher m = URL.matcher(JDBC_URL);
    if (!m.matches()) {
      throw new IllegalStateException("cannot parse PARLEY_JDBC_URL " + JDBC_URL);
    }
    return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(JDBC_URL, DB_USER, DB_PASSWORD); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + JDBC_URL + ": " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
