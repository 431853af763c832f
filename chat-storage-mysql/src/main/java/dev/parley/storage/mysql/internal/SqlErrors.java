package dev.parley.storage.mysql.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import org.jdbi.v3.core.transaction.UnableToManipulateTransactionIsolationLevelException;
import org.jdbi.v3.core.transaction.UnableToRestoreAutoCommitStateException;

/**
 * Classifies the SQL errors the stores react to, by MySQL/MariaDB error number and SQLState,
 * walking the cause chain (jdbi wraps the driver's exception). Stateless and thread-safe.
 */
final class SqlErrors {
  static final int ER_DUP_ENTRY = 1062;
  static final int ER_LOCK_WAIT_TIMEOUT = 1205;
  static final int ER_LOCK_DEADLOCK = 1213;

  private SqlErrors() {}

  /** True when {@code e} is a duplicate-key error on the unique key named {@code keyName}. */
  static boolean isDuplicateKey(Throwable e, String keyName) {
    SQLException sql = sqlCause(e);
    // MariaDB says "for key 'uk_x'", MySQL 8 "for key 'table.uk_x'": match the bare name.
    return sql != null && sql.getErrorCode() == ER_DUP_ENTRY
        && String.valueOf(sql.getMessage()).contains(keyName + "'");
  }

  /** True for a deadlock or lock-wait timeout: the transaction was (or must be) rolled back and may be retried. */
  static boolean isRetryable(Throwable e) {
    SQLException sql = sqlCause(e);
    if (sql == null) {
      return false;
    }
    return sql.getErrorCode() == ER_LOCK_DEADLOCK || sql.getErrorCode() == ER_LOCK_WAIT_TIMEOUT
        || sql instanceof SQLTransactionRollbackException || "40001".equals(sql.getSQLState());
  }

  /**
   * True when the database could not be reached or the connection broke (SQLState class 08,
   * including a reply that did not come within the socket timeout). Also true when jdbi could not
   * reset the connection's isolation level or auto-commit: that happens when the pool closed the
   * connection after such a break, and jdbi then reports the reset's failure in place of the
   * break's own exception.
   */
  static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof UnableToManipulateTransactionIsolationLevelException
          || t instanceof UnableToRestoreAutoCommitStateException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
