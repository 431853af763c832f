package dev.parley.storage.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.UserStore;
import dev.parley.storage.mysql.internal.AppendStats;
import dev.parley.storage.mysql.internal.GroupAppendQueue;
import dev.parley.storage.mysql.internal.GroupCommitAppender;
import dev.parley.storage.mysql.internal.MysqlBlockStore;
import dev.parley.storage.mysql.internal.MysqlGroupStore;
import dev.parley.storage.mysql.internal.MysqlFriendStore;
import dev.parley.storage.mysql.internal.DeploymentRow;
import dev.parley.storage.mysql.internal.MysqlMessageStore;
import dev.parley.storage.mysql.internal.MysqlUserStore;
import dev.parley.storage.mysql.internal.SchemaMigrator;
import dev.parley.storage.mysql.internal.ServerTraits;
import dev.parley.storage.mysql.internal.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * MySQL 8 / MariaDB 10.6+ storage for Parley: the {@link UserStore}, {@link FriendStore},
 * {@link MessageStore}, {@link GroupStore} and {@link BlockStore} implementations over one connection pool and one schema.
 *
 * <pre>{@code
 * try (MysqlStorage storage = MysqlStorage.builder()
 *     .jdbcUrl("jdbc:mysql://db:3306/parley").username("parley").password(secret)
 *     .maximumPoolSize(20).build()) {
 *   ChatNode.builder().userStore(storage.userStore()).messageStore(storage.messageStore())...
 * }
 * }</pre>
 *
 * <p>Starting applies the schema migrations (Flyway, {@code classpath:db/parley/mysql}); several
 * processes may start against the same database at once (they take turns on a named lock, which
 * needs two connections of the pool while migrating). Several processes may also share the
 * database while running: mailbox seqs stay gap-free because they are allocated under row locks
 * in the database, not in memory. Give Parley a database of its own; its tables have plain names
 * ({@code users}, {@code messages}, ...).
 *
 * <p>Message appends are group-committed: {@code messageStore().appendAsync} queues the append
 * and returns a future completed (on a writer thread; do not block in its callbacks) once the
 * append's batch has committed; {@code append} queues it and blocks while one of a few writer
 * threads ({@code <poolName>-append-N}, see {@link MysqlStorageBuilder#appendWriters}) writes it
 * together with the other appends queued meanwhile, in one transaction. Server settings a
 * deployment should use are in {@code docs/mariadb.md}. The store's guarantees are those of a single append (gap-free
 * seqs committed in order, idempotency on the client message id); a full append queue fails
 * with {@code UNAVAILABLE} at once, and a caller waits at most the connection timeout plus the
 * socket timeout (default 1 s + 1 s) before it gets {@code UNAVAILABLE}.
 *
 * <p>Group message appends ({@code groupStore().append}/{@code appendAsync}) are group-committed
 * the same way, on writers of their own ({@code <poolName>-group-append-N}, see
 * {@link MysqlStorageBuilder#groupAppendWriters}); a group's seqs are allocated under its row's
 * lock in the database, so they too stay gap-free across processes.
 *
 * <p>A database that hangs (connections open, no replies) fails calls with {@code UNAVAILABLE}
 * within the connection timeout plus the socket timeout; see {@link MysqlStorageBuilder#socketTimeout}.
 * A statement cut off mid-transaction drops its connection and the server rolls back what was
 * not committed; an append that failed so (its commit may have gone unanswered) may or may not be
 * stored, and retrying it with the same client message id stores it once.
 *
 * <p>Thread-safe; the stores may be shared by any number of threads. Their methods block on the
 * database, so call them off event loops. Owns the pool it created from a JDBC URL and closes it
 * in {@link #close()}; a data source passed in stays the caller's. Owns the append writers and
 * stops them in {@link #close()}.
 */
public final class MysqlStorage implements AutoCloseable {
  /** How long a starting process waits for another one that is migrating the same database. */
  private static final Duration MIGRATION_LOCK_WAIT = Duration.ofMinutes(2);
  /** Hikari refuses shorter validation timeouts. */
  private static final Duration MIN_VALIDATION_TIMEOUT = Duration.ofMillis(250);
  /** How long {@link #close()} lets batches being written finish before closing the pool under them. */
  private static final Duration APPEND_CLOSE_GRACE = Duration.ofSeconds(5);

  /**
   * Connector/J settings of the owned pool, each overridable with
   * {@link MysqlStorageBuilder#dataSourceProperty}. Session state (isolation, auto-commit,
   * transaction state) is tracked locally, so a transaction costs no {@code SET} round trips
   * beyond the ones that change something, and a commit or rollback with nothing to end is not
   * sent. Statements are prepared client-side ({@code useServerPrepStmts=false}): the batched
   * append's multi-row statements differ with every batch size, so server-side preparing adds a
   * prepare round trip and a server-side statement (against {@code max_prepared_stmt_count}) per
   * shape and connection; a short run of 20,000 pipelined appends (batches of ~124, on a loaded
   * shared machine) showed no difference beyond noise in writer or mariadbd CPU per message
   * (~11-23 µs and ~37-43 µs either way). The client-side parse of each shape is cached instead. The driver caches a
   * statement's parse only up to {@code prepStmtCacheSqlLimit} characters (default 256); the
   * multi-row statements are longer, and re-parsing them showed up in profiles
   * ({@code QueryInfo.<init>}), hence room for every batch size's statements per connection.
   * {@code rewriteBatchedStatements} stays off: Parley writes its multi-row statements itself.
   */
  static final Map<String, String> DEFAULT_DRIVER_PROPERTIES = defaultDriverProperties();

  private final MysqlStorageConfig config;
  private final HikariDataSource ownedPool;
  private final UserStore userStore;
  private final FriendStore friendStore;
  private final MessageStore messageStore;
  private final GroupStore groupStore;
  private final BlockStore blockStore;
  private final GroupCommitAppender appender;
  private final GroupAppendQueue groupAppender;
  private final ServerTraits serverTraits;
  private final AtomicBoolean closed = new AtomicBoolean();

  MysqlStorage(MysqlStorageConfig config) {
    this.config = config;
    this.ownedPool = config.ownsPool() ? openPool(config) : null;
    DataSource dataSource = config.ownsPool() ? ownedPool : config.dataSource();
    try {
      if (config.migrate()) {
        SchemaMigrator.migrate(dataSource, MIGRATION_LOCK_WAIT);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    Transactions tx = new Transactions(Jdbi.create(dataSource), config.transactionAttempts());
    String deploymentId;
    try {
      deploymentId = DeploymentRow.read(tx);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.userStore = new MysqlUserStore(tx, config.clock());
    this.friendStore = new MysqlFriendStore(tx, config.clock());
    ServerTraits server;
    try {
      server = config.serverTraits().apply(ServerTraits.detect(tx));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.serverTraits = server;
    this.appender = GroupCommitAppender.start(tx, server, new GroupCommitAppender.Settings(config.poolName(),
        config.appendWriters(), config.appendBatchSize(), config.appendQueueSize(),
        config.appendWait(), APPEND_CLOSE_GRACE));
    this.messageStore = new MysqlMessageStore(tx, appender, deploymentId);
    this.groupAppender = GroupAppendQueue.start(tx, server, new GroupCommitAppender.Settings(config.poolName() + "-group",
        config.groupAppendWriters(), config.appendBatchSize(), config.appendQueueSize(),
        config.appendWait(), APPEND_CLOSE_GRACE));
    this.groupStore = new MysqlGroupStore(tx, groupAppender);
    this.blockStore = new MysqlBlockStore(tx);
  }

  /** A builder for a storage; see {@link MysqlStorageBuilder}. */
  public static MysqlStorageBuilder builder() {
    return new MysqlStorageBuilder();
  }

  /** A storage on the caller's data source (migrated at start, never closed by Parley). */
  public static MysqlStorage create(DataSource dataSource) {
    return builder().dataSource(dataSource).build();
  }

  private static Map<String, String> defaultDriverProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("characterEncoding", "UTF-8"); // utf8mb4 on the wire
    p.put("useLocalSessionState", "true");
    p.put("useLocalTransactionState", "true");
    p.put("alwaysSendSetIsolation", "false");
    p.put("elideSetAutoCommits", "true");
    p.put("cacheServerConfiguration", "true");
    p.put("maintainTimeStats", "false");
    p.put("useServerPrepStmts", "false");
    p.put("cachePrepStmts", "true");
    p.put("prepStmtCacheSqlLimit", "65536");
    p.put("prepStmtCacheSize", "1024");
    return Collections.unmodifiableMap(p);
  }

  private static HikariDataSource openPool(MysqlStorageConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.username());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.maximumPoolSize());
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    Duration validation = config.connectionTimeout().dividedBy(2);
    hikari.setValidationTimeout(Math.max(MIN_VALIDATION_TIMEOUT.toMillis(), validation.toMillis()));
    hikari.setPoolName(config.poolName());
    hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    DEFAULT_DRIVER_PROPERTIES.forEach(hikari::addDataSourceProperty);
    // A hung server accepts TCP but never answers: bound the handshake and every reply.
    hikari.addDataSourceProperty("connectTimeout", Long.toString(config.connectionTimeout().toMillis()));
    hikari.addDataSourceProperty("socketTimeout", Long.toString(config.socketTimeout().toMillis()));
    config.dataSourceProperties().forEach(hikari::addDataSourceProperty);
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new ChatException(ErrorCode.UNAVAILABLE, "cannot open a connection pool to " + config.jdbcUrl()
          + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof SQLException)) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** Accounts. */
  public UserStore userStore() {
    return userStore;
  }

  /** Friend requests and friendships. */
  public FriendStore friendStore() {
    return friendStore;
  }

  /** Messages, mailboxes and conversations. */
  public MessageStore messageStore() {
    return messageStore;
  }

  /** Groups, their members and their logs. */
  public GroupStore groupStore() {
    return groupStore;
  }

  /** Who blocks whom (issue 15). */
  public BlockStore blockStore() {
    return blockStore;
  }

  /** What the appends assume of the server, for tests. */
  ServerTraits serverTraits() {
    return serverTraits;
  }

  /** The group-commit counters of the message appends, for tests. */
  AppendStats appendStats() {
    return appender.stats();
  }

  /** The group-commit counters of the group message appends, for tests. */
  AppendStats groupAppendStats() {
    return groupAppender.stats();
  }

  /**
   * Stops the append writers (queued appends fail with {@code UNAVAILABLE}; batches being written
   * get a few seconds to finish), then closes the owned pool, if any; idempotent. Stores used
   * afterwards fail with {@code UNAVAILABLE}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (groupAppender != null) {
        groupAppender.close();
      }
    } finally {
      closeRest();
    }
  }

  private void closeRest() {
    try {
      if (appender != null) {
        appender.close();
      }
    } finally {
      if (ownedPool != null) {
        ownedPool.close();
      }
    }
  }

  @Override
  public String toString() {
    return "MysqlStorage[" + config + (closed.get() ? ", closed" : "") + "]";
  }
}
