package dev.parley.storage.mysql;

import dev.parley.storage.mysql.internal.ServerTraits;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Configures a {@link MysqlStorage}. Each setter checks its own argument at once
 * ({@link IllegalArgumentException} naming the value); {@link #build()} checks how the settings fit
 * together, copies them into an immutable configuration and starts the storage. The built storage
 * never sees later changes to the builder, which may be reused.
 *
 * <p>Either {@link #jdbcUrl} (Parley creates and owns a HikariCP pool, configured by the pool
 * settings here) or {@link #dataSource} (the caller's pool, which Parley neither configures nor
 * closes), not both. Not thread-safe: configure it on one thread.
 */
public final class MysqlStorageBuilder {
  static final int DEFAULT_POOL_SIZE = 10;
  static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);
  static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(1);
  static final int DEFAULT_TRANSACTION_ATTEMPTS = 5;
  /** HikariCP refuses shorter connection timeouts. */
  static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
  static final int MAX_POOL_SIZE = 1_000;
  static final int MAX_TRANSACTION_ATTEMPTS = 20;
  static final int DEFAULT_APPEND_WRITERS = 2;
  static final int DEFAULT_APPEND_BATCH_SIZE = 128;
  static final int DEFAULT_APPEND_QUEUE_SIZE = 4096;
  static final int MAX_APPEND_WRITERS = 64;
  static final int MAX_APPEND_BATCH_SIZE = 1024;
  static final int MAX_APPEND_QUEUE_SIZE = 1_000_000;
  static final int DEFAULT_GROUP_APPEND_WRITERS = 1;

  private String jdbcUrl;
  private String username;
  private String password;
  private Integer maximumPoolSize;
  private Duration connectionTimeout;
  private Duration socketTimeout;
  private String poolName = "parley-mysql";
  private final Map<String, String> dataSourceProperties = new LinkedHashMap<>();
  private DataSource dataSource;
  private boolean migrate = true;
  private int transactionAttempts = DEFAULT_TRANSACTION_ATTEMPTS;
  private Clock clock = Clock.systemUTC();
  private Integer appendWriters;
  private int appendBatchSize = DEFAULT_APPEND_BATCH_SIZE;
  private int appendQueueSize = DEFAULT_APPEND_QUEUE_SIZE;
  private UnaryOperator<ServerTraits> serverTraits = UnaryOperator.identity();
  private int groupAppendWriters = DEFAULT_GROUP_APPEND_WRITERS;

  MysqlStorageBuilder() {}

  /** The JDBC URL of the database, {@code jdbc:mysql://host:port/database} (or {@code jdbc:mariadb:}). */
  public MysqlStorageBuilder jdbcUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:mysql:") && !jdbcUrl.startsWith("jdbc:mariadb:")) {
      throw new IllegalArgumentException("jdbcUrl must start with jdbc:mysql: or jdbc:mariadb:, was '" + jdbcUrl + "'");
    }
    this.jdbcUrl = jdbcUrl;
    return this;
  }

  /** The database user of the owned pool. */
  public MysqlStorageBuilder username(String username) {
    this.username = Objects.requireNonNull(username, "username");
    return this;
  }

  /** The database password of the owned pool; never shown by {@code toString()}. */
  public MysqlStorageBuilder password(String password) {
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /** The most connections the owned pool opens, 1 to 1000; default 10. */
  public MysqlStorageBuilder maximumPoolSize(int maximumPoolSize) {
    if (maximumPoolSize < 1 || maximumPoolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException("maximumPoolSize must be 1.." + MAX_POOL_SIZE + ", was " + maximumPoolSize);
    }
    this.maximumPoolSize = maximumPoolSize;
    return this;
  }

  /**
   * How long a caller waits for a pooled connection before failing with {@code UNAVAILABLE}, at
   * least 250 ms; default 1 s. It also bounds opening a connection and checking an idle one
   * (validation gets half of it, at least 250 ms).
   */
  public MysqlStorageBuilder connectionTimeout(Duration connectionTimeout) {
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException("connectionTimeout must be at least " + MIN_CONNECTION_TIMEOUT.toMillis()
          + " ms, was " + connectionTimeout.toMillis() + " ms");
    }
    this.connectionTimeout = connectionTimeout;
    return this;
  }

  /**
   * How long one statement (or commit) of the owned pool waits for the database's reply before
   * the driver gives the connection up and the call fails with {@code UNAVAILABLE}; default 1 s.
   * This is Connector/J's {@code socketTimeout}: a database that hangs (connections open, no
   * replies) costs a store call at most {@link #connectionTimeout} plus this long, and a message
   * append waits at most their sum. Schema migrations at start are exempt (they may wait minutes
   * for another process's migration). Keep it above the slowest statement a healthy database runs
   * (lock waits included): a statement cut off is reported {@code UNAVAILABLE}, its transaction
   * rolled back by the server.
   */
  public MysqlStorageBuilder socketTimeout(Duration socketTimeout) {
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    if (socketTimeout.isNegative() || socketTimeout.isZero()) {
      throw new IllegalArgumentException("socketTimeout must be positive, was " + socketTimeout.toMillis() + " ms");
    }
    this.socketTimeout = socketTimeout;
    return this;
  }

  /** The owned pool's name, shown in its threads and metrics; default {@code parley-mysql}. */
  public MysqlStorageBuilder poolName(String poolName) {
    Objects.requireNonNull(poolName, "poolName");
    if (poolName.isBlank()) {
      throw new IllegalArgumentException("poolName must not be blank");
    }
    this.poolName = poolName;
    return this;
  }

  /** An extra driver property for the owned pool (for example {@code sslMode}). */
  public MysqlStorageBuilder dataSourceProperty(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("data source property name must not be blank");
    }
    dataSourceProperties.put(name, value);
    return this;
  }

  /**
   * Uses the caller's data source instead of an owned pool. Its connections should use utf8mb4
   * (Connector/J: {@code characterEncoding=UTF-8}), and migrating needs two of them at once;
   * {@link MysqlStorage#close()} leaves it open.
   */
  public MysqlStorageBuilder dataSource(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return this;
  }

  /** Whether {@link #build()} applies pending schema migrations; default true. */
  public MysqlStorageBuilder migrate(boolean migrate) {
    this.migrate = migrate;
    return this;
  }

  /** How often a transaction is tried when it deadlocks or times out waiting for a lock, 1 to 20; default 5. */
  public MysqlStorageBuilder transactionAttempts(int transactionAttempts) {
    if (transactionAttempts < 1 || transactionAttempts > MAX_TRANSACTION_ATTEMPTS) {
      throw new IllegalArgumentException("transactionAttempts must be 1.." + MAX_TRANSACTION_ATTEMPTS
          + ", was " + transactionAttempts);
    }
    this.transactionAttempts = transactionAttempts;
    return this;
  }

  /** The clock that stamps account, request and friendship creation times; default UTC system clock. */
  public MysqlStorageBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * How many threads write message appends, 1 to 64; default 2 (with an owned pool, at most
   * {@code maximumPoolSize - 1}). Appends are group-committed: callers queue them and these
   * threads write whatever has queued up in one transaction per batch. Each writer borrows one
   * pooled connection while it writes a batch, so with an owned pool this must be below
   * {@link #maximumPoolSize} to leave connections for reads; with a {@link #dataSource} size that
   * pool accordingly. Two writers keep the database busy while one batch commits; more mostly add
   * lock waits between batches that touch the same mailboxes. Each writer serves a fixed share of
   * the senders (by sender id), which keeps one sender's pipelined appends in order.
   *
   * <p>Sizing: a batch is six round trips and one log flush whatever its size, so a writer's rate
   * is its batch size over its batch time. At 10,000 messages/s on two cores with a local
   * MariaDB (a batch taking ~2-5 ms, flush included), two writers carry about 10-25 appends per
   * batch each, well inside the default batch size of 128 and queue of 4096 (0.4 s of traffic);
   * the default pool of 10 leaves 8 connections for reads (mailbox sync, history, conversations),
   * which on two cores are CPU-bound long before they are connection-bound. Raise the writers
   * only for a database whose commits are slow (networked storage), where more batches in flight
   * hide the flush latency. (Reasoned from the statement counts and the 2,000 msg/s profile, not
   * measured at 10,000 msg/s.)
   */
  public MysqlStorageBuilder appendWriters(int appendWriters) {
    if (appendWriters < 1 || appendWriters > MAX_APPEND_WRITERS) {
      throw new IllegalArgumentException("appendWriters must be 1.." + MAX_APPEND_WRITERS + ", was " + appendWriters);
    }
    this.appendWriters = appendWriters;
    return this;
  }

  /**
   * The most message appends one batch transaction carries, 1 to 1024; default 128. A batch takes
   * whatever is queued up to this size, so under light load batches stay small and appends are not
   * delayed; 1 turns group commit off (one transaction per append).
   */
  public MysqlStorageBuilder appendBatchSize(int appendBatchSize) {
    if (appendBatchSize < 1 || appendBatchSize > MAX_APPEND_BATCH_SIZE) {
      throw new IllegalArgumentException("appendBatchSize must be 1.." + MAX_APPEND_BATCH_SIZE + ", was " + appendBatchSize);
    }
    this.appendBatchSize = appendBatchSize;
    return this;
  }

  /**
   * The most message appends waiting for a writer, 1 to 1,000,000; default 4096. When the queue is
   * full, {@code MessageStore.append} fails at once with {@code UNAVAILABLE} rather than letting
   * work pile up behind a database that cannot keep up.
   */
  public MysqlStorageBuilder appendQueueSize(int appendQueueSize) {
    if (appendQueueSize < 1 || appendQueueSize > MAX_APPEND_QUEUE_SIZE) {
      throw new IllegalArgumentException("appendQueueSize must be 1.." + MAX_APPEND_QUEUE_SIZE + ", was " + appendQueueSize);
    }
    this.appendQueueSize = appendQueueSize;
    return this;
  }

  /**
   * How many threads write group message appends, 1 to 64; default 1. Group appends are
   * group-committed as the one-to-one ones are ({@link #appendBatchSize} and {@link #appendQueueSize}
   * apply to them too), on writers of their own ({@code <poolName>-group-append-N}); each serves a
   * fixed share of the groups, so a group's appends are written by one writer in order and a busy
   * group never waits on another writer's lock of its row. Each borrows a pooled connection while
   * it writes a batch: size the pool for {@link #appendWriters} plus these plus the reads.
   */
  public MysqlStorageBuilder groupAppendWriters(int groupAppendWriters) {
    if (groupAppendWriters < 1 || groupAppendWriters > MAX_APPEND_WRITERS) {
      throw new IllegalArgumentException("groupAppendWriters must be 1.." + MAX_APPEND_WRITERS + ", was "
          + groupAppendWriters);
    }
    this.groupAppendWriters = groupAppendWriters;
    return this;
  }

  /**
   * For tests: adjusts what the append assumes of the server (detected at start), for example to
   * force the read-back paths that MySQL needs on MariaDB.
   */
  MysqlStorageBuilder serverTraits(UnaryOperator<ServerTraits> adjust) {
    this.serverTraits = Objects.requireNonNull(adjust, "adjust");
    return this;
  }

  /**
   * Checks the settings together, seals them, opens the pool (if owned), migrates the schema
   * (unless disabled) and returns the running storage.
   *
   * @throws IllegalStateException when the settings do not fit together
   * @throws dev.parley.core.ChatException {@code UNAVAILABLE} when the database cannot be reached
   */
  public MysqlStorage build() {
    return new MysqlStorage(seal());
  }

  MysqlStorageConfig seal() {
    if ((jdbcUrl == null) == (dataSource == null)) {
      throw new IllegalStateException("set exactly one of jdbcUrl and dataSource (jdbcUrl "
          + (jdbcUrl == null ? "unset" : "set") + ", dataSource " + (dataSource == null ? "unset" : "set") + ")");
    }
    if (dataSource != null && ownedPoolSettingsGiven()) {
      throw new IllegalStateException("username, password, maximumPoolSize, connectionTimeout, socketTimeout and "
          + "dataSourceProperty configure the owned pool and cannot be combined with dataSource");
    }
    int poolSize = maximumPoolSize == null ? DEFAULT_POOL_SIZE : maximumPoolSize;
    if (migrate && dataSource == null && poolSize < 2) {
      throw new IllegalStateException("migrating needs maximumPoolSize of at least 2 (one connection holds the "
          + "migration lock), was " + poolSize + "; raise it or set migrate(false)");
    }
    return new MysqlStorageConfig(jdbcUrl, username, password,
        poolSize,
        connectionTimeout == null ? DEFAULT_CONNECTION_TIMEOUT : connectionTimeout,
        poolName, Map.copyOf(dataSourceProperties), dataSource, migrate, transactionAttempts, clock,
        effectiveAppendWriters(poolSize), appendBatchSize, appendQueueSize,
        socketTimeout == null ? DEFAULT_SOCKET_TIMEOUT : socketTimeout, serverTraits, groupAppendWriters);
  }

  // Writers borrow a connection each while writing; leave at least one of an owned pool for reads.
  private int effectiveAppendWriters(int poolSize) {
    if (dataSource != null) {
      return appendWriters == null ? DEFAULT_APPEND_WRITERS : appendWriters;
    }
    if (appendWriters == null) {
      return Math.max(1, Math.min(DEFAULT_APPEND_WRITERS, poolSize - 1));
    }
    if (appendWriters >= poolSize) {
      throw new IllegalStateException("appendWriters (" + appendWriters + ") must be below maximumPoolSize ("
          + poolSize + "): each writer holds a pooled connection while it writes a batch and reads need the "
          + "others; raise maximumPoolSize or lower appendWriters");
    }
    return appendWriters;
  }

  private boolean ownedPoolSettingsGiven() {
    return username != null || password != null || maximumPoolSize != null || connectionTimeout != null
        || socketTimeout != null || !dataSourceProperties.isEmpty();
  }
}
