package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work on a {@link Jdbi}: transactions at READ COMMITTED that are retried after a
 * deadlock or lock-wait timeout, snapshot reads, and single statements. Database failures leave as {@link ChatException}
 * ({@code UNAVAILABLE} when the database cannot be reached, {@code INTERNAL} otherwise), so no raw
 * driver exception crosses the SPI. Exceptions thrown by the callback itself pass through, except
 * {@link SqlFailure} (plain JDBC run on the handle's connection), which is treated like jdbi's.
 *
 * <p>Callbacks given to {@link #inTransaction} may run more than once and must therefore only
 * touch the database. Immutable and thread-safe.
 */
public final class Transactions {
  private static final Logger log = LoggerFactory.getLogger(Transactions.class);
  private static final long BASE_BACKOFF_MILLIS = 2;

  private final Jdbi jdbi;
  private final int maxAttempts;

  public Transactions(Jdbi jdbi, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    this.jdbi = jdbi;
    this.maxAttempts = maxAttempts;
  }

  /** Runs {@code work} in a READ COMMITTED transaction, retrying it on deadlock or lock-wait timeout. */
  public <R> R inTransaction(String what, HandleCallback<R, RuntimeException> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
      } catch (JdbiException | SqlFailure e) {
        if (attempt >= maxAttempts || !SqlErrors.isRetryable(e)) {
          throw translate(what, e, attempt);
        }
        log.debug("{}: attempt {} of {} hit a lock conflict, retrying: {}", what, attempt, maxAttempts, e.toString());
        backOff(attempt);
      }
    }
  }

  /** Plain JDBC work on a connection inside a transaction; may throw {@link SqlFailure}. */
  @FunctionalInterface
  public interface JdbcWork<R> {
    R run(Connection c) throws SQLException;
  }

  /**
   * {@link #inTransaction} for plain JDBC work, one round trip shorter: the transaction is begun
   * with {@code setAutoCommit(false)} and committed by {@code setAutoCommit(true)} (JDBC: changing
   * auto-commit mid-transaction commits it; the server commits as {@code COMMIT} does, durably),
   * instead of {@code COMMIT} and then restoring auto-commit. Rolled back when {@code work} throws.
   * Retried on deadlock or lock-wait timeout like {@link #inTransaction}.
   */
  public <R> R inJdbcTransaction(String what, JdbcWork<R> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.withHandle(h -> runCommitting(what, h.getConnection(), work));
      } catch (JdbiException | SqlFailure e) {
        if (attempt >= maxAttempts || !SqlErrors.isRetryable(e)) {
          throw translate(what, e, attempt);
        }
        log.debug("{}: attempt {} of {} hit a lock conflict, retrying: {}", what, attempt, maxAttempts, e.toString());
        backOff(attempt);
      }
    }
  }

  private static <R> R runCommitting(String what, Connection c, JdbcWork<R> work) {
    int isolation;
    try {
      isolation = c.getTransactionIsolation();
      if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
      c.setAutoCommit(false);
    } catch (SQLException e) {
      throw new SqlFailure(what + ": begin", e);
    }
    R result;
    try {
      result = work.run(c);
    } catch (SQLException e) {
      rollBack(c, isolation, e);
      throw new SqlFailure(what, e);
    } catch (RuntimeException | Error e) {
      rollBack(c, isolation, e);
      throw e;
    }
    try {
      c.setAutoCommit(true); // commits
      if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
        c.setTransactionIsolation(isolation);
      }
    } catch (SQLException e) {
      rollBack(c, isolation, e);
      throw new SqlFailure(what + ": commit", e);
    }
    return result;
  }

  // Best effort: a broken connection cannot roll back, and the server rolls back on its own when
  // it drops the session; the pool evicts the connection.
  private static void rollBack(Connection c, int isolation, Throwable failure) {
    try {
      c.rollback();
      c.setAutoCommit(true);
      if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
        c.setTransactionIsolation(isolation);
      }
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Runs the reads in {@code work} on one consistent snapshot (a REPEATABLE READ transaction, whose
   * plain reads take no locks), so several statements see the same committed state.
   */
  public <R> R readSnapshot(String what, HandleCallback<R, RuntimeException> work) {
    try {
      return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work);
    } catch (JdbiException e) {
      throw translate(what, e, 1);
    }
  }

  /** Runs {@code work} on a handle in auto-commit mode (single statements, reads). */
  public <R> R withHandle(String what, HandleCallback<R, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException e) {
      throw translate(what, e, 1);
    }
  }

  private static ChatException translate(String what, RuntimeException e, int attempts) {
    if (e instanceof ConnectionException || SqlErrors.isConnectionFailure(e)) {
      return new ChatException(ErrorCode.UNAVAILABLE, what + ": database unavailable", e);
    }
    if (SqlErrors.isRetryable(e)) {
      return new ChatException(ErrorCode.UNAVAILABLE,
          what + ": still conflicting with concurrent writers after " + attempts + " attempts", e);
    }
    return new ChatException(ErrorCode.INTERNAL, what + ": database error", e);
  }

  // Randomised exponential back-off so that the transactions that deadlocked do not collide again.
  private static void backOff(int attempt) {
    long bound = BASE_BACKOFF_MILLIS << Math.min(attempt, 6);
    try {
      Thread.sleep(1 + ThreadLocalRandom.current().nextLong(bound));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted while retrying a transaction", e);
    }
  }
}
