package dev.parley.storage.mysql;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Holds the append writers up deterministically, never by sleeping: a separate connection holds a
 * mailbox counter row lock, and the test waits until a transaction of its database waits for it.
 */
final class WriterHold {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private WriterHold() {}

  /** A connection in an open transaction holding {@code owner}'s mailbox counter row lock, added to {@code open}. */
  static Connection lockMailbox(TestDatabase db, List<Connection> open, long owner) throws SQLException {
    Connection c = db.connect();
    open.add(c);
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement("SELECT last_seq FROM mailboxes WHERE owner_id = ? FOR UPDATE")) {
      s.setLong(1, owner);
      s.executeQuery().close();
    }
    return c;
  }

  /** Waits until some transaction of {@code db} waits for a lock that {@code holder} holds. */
  static void awaitWriterBlockedBy(TestDatabase db, Connection holder) throws SQLException {
    long holderId;
    try (Statement s = holder.createStatement(); var rs = s.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      holderId = rs.getLong(1);
    }
    await().atMost(WAIT).until(() -> db.queryLong("SELECT COUNT(*) FROM "
        + "information_schema.innodb_trx t JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id "
        + "WHERE t.trx_state = 'LOCK WAIT' AND p.db = '" + db.name() + "' AND p.id <> " + holderId) > 0);
  }
}
