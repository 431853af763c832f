package dev.parley.storage.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.UnableToManipulateTransactionIsolationLevelException;
import org.junit.jupiter.api.Test;

/** Which SQL failures count as "the database is unavailable". */
class SqlErrorsTest {

  @Test
  void aReplyThatTimedOutIsAConnectionFailure() {
    // Connector/J's CommunicationsException: an SQLRecoverableException with SQLState 08S01
    SQLRecoverableException timedOut = new SQLRecoverableException("Communications link failure", "08S01");
    timedOut.initCause(new SocketTimeoutException("Read timed out"));

    assertThat(SqlErrors.isConnectionFailure(new UnableToExecuteStatementException(timedOut, null))).isTrue();
  }

  @Test
  void jdbiFailingToResetAConnectionThePoolClosedIsAConnectionFailure() {
    // HikariCP's closed-connection proxy throws this without an SQLState; jdbi drops the break itself
    SQLException closed = new SQLException("Connection is closed");

    assertThat(SqlErrors.isConnectionFailure(new UnableToManipulateTransactionIsolationLevelException(2, closed)))
        .isTrue();
  }

  @Test
  void anOrdinarySqlErrorIsNot() {
    SQLException syntax = new SQLException("You have an error in your SQL syntax", "42000", 1064);

    assertThat(SqlErrors.isConnectionFailure(new UnableToExecuteStatementException(syntax, null))).isFalse();
    assertThat(SqlErrors.isConnectionFailure(new SQLException("Connection is closed"))).isFalse();
  }
}
