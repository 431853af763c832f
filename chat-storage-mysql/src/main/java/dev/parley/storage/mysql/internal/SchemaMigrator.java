package dev.parley.storage.mysql.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the current Parley schema with Flyway, from the versioned scripts under
 * {@code classpath:db/parley/mysql}. Parley keeps its own history table, so a host application
 * that uses Flyway in the same database is not disturbed; a database that already holds other
 * tables is baselined at version 0 so that V1 still runs. Flyway takes a database lock while it
 * migrates, so processes starting together apply each script once. Stateless and thread-safe.
 */
public final class SchemaMigrator {
  /** Where the migration scripts live. */
  public static final String LOCATION = "classpath:db/parley/mysql";
  /** Parley's Flyway history table. */
  public static final String HISTORY_TABLE = "parley_schema_history";

  private SchemaMigrator() {}

  /** Applies the pending migrations; returns how many ran (0 when the schema was current). */
  public static int migrate(DataSource dataSource) {
    MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .failOnMissingLocations(true)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .cleanDisabled(true)
        .load()
        .migrate();
    return result.migrationsExecuted;
  }
}
