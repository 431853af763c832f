package dev.parley.storage.mysql.internal;

import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Brings a database to the current Parley schema with Flyway, from the versioned scripts under
 * {@code classpath:db/parley/mysql}. Parley keeps its own history table, so a host application
 * that uses Flyway in the same database is not disturbed; a database that already holds other
 * tables is baselined at version 0 so that V1 still runs.
 *
 * <p>Processes that start together against one database are serialised on a server-wide named
 * lock ({@code GET_LOCK}) derived from the database name, held on a connection of its own for the
 * whole migration: Flyway's own locking does not cover creating and baselining the history table,
 * and two first starts racing there fail. The data source therefore needs two free connections.
 * Stateless and thread-safe.
 */
public final class SchemaMigrator {
  /** Where the migration scripts live. */
  public static final String LOCATION = "classpath:db/parley/mysql";
  /** Parley's Flyway history table. */
  public static final String HISTORY_TABLE = "parley_schema_history";
  /** Named locks are server-wide, so the name includes (a hash of) the database. */
  private static final String LOCK_NAME = "CONCAT('parley_migrate_', MD5(COALESCE(DATABASE(), '')))";

  /** How much longer than the lock wait a migration's statements may wait for a reply. */
  private static final Duration MIGRATION_MARGIN = Duration.ofMinutes(1);

  private SchemaMigrator() {}

  /**
   * Applies the pending migrations; returns how many ran (0 when the schema was current).
   *
   * @throws IllegalStateException when another process held the migration lock for {@code lockWait}
   */
  public static int migrate(DataSource pool, Duration lockWait) {
    DataSource dataSource = new MigrationDataSource(pool, lockWait.plus(MIGRATION_MARGIN));
    try (Handle lock = Jdbi.open(dataSource)) {
      Integer got = lock.createQuery("SELECT GET_LOCK(" + LOCK_NAME + ", :seconds)")
          .bind("seconds", Math.max(1, lockWait.toSeconds())).mapTo(Integer.class).one();
      if (got == null || got != 1) {
        throw new IllegalStateException("another process has held the schema migration lock for "
            + lockWait.toSeconds() + " s; is a migration stuck?");
      }
      try {
        return flyway(dataSource).migrate().migrationsExecuted;
      } finally {
        lock.createQuery("SELECT RELEASE_LOCK(" + LOCK_NAME + ")").mapTo(Integer.class).one();
      }
    }
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure(SchemaMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .failOnMissingLocations(true)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .cleanDisabled(true)
        .load();
  }
}
