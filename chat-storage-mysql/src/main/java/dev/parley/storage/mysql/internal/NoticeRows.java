package dev.parley.storage.mysql.internal;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.GroupRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Rows of {@code mailbox_notices}: the group notices of a mailbox. Their columns carry an
 * {@code n_} prefix in reads so they sit beside a message's columns in the mailbox read's UNION.
 * {@code at} is stored to the microsecond plus the nanoseconds below it, so it reads back exactly;
 * {@code mutedUntil} to the microsecond. Stateless and thread-safe.
 */
final class NoticeRows {
  /** The notice columns of alias {@code n}, each named {@code n_<column>}. */
  static final String COLUMNS = "n.group_id AS n_group_id, n.kind AS n_kind, n.actor_id AS n_actor_id, "
      + "n.group_seq AS n_group_seq, n.role AS n_role, n.muted_until AS n_muted_until, n.group_name AS n_group_name, "
      + "n.at AS n_at, n.at_nanos AS n_at_nanos";

  /** {@link #COLUMNS}' names with NULL values, for the message half of the UNION. */
  static final String NULL_COLUMNS = "NULL AS n_group_id, NULL AS n_kind, NULL AS n_actor_id, NULL AS n_group_seq, "
      + "NULL AS n_role, NULL AS n_muted_until, NULL AS n_group_name, NULL AS n_at, NULL AS n_at_nanos";

  private NoticeRows() {}

  /** Inserts {@code notice} at {@code seq} of {@code ownerId}'s mailbox on {@code c}. */
  static void insert(Connection c, long ownerId, long seq, GroupNotice notice) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO mailbox_notices (owner_id, seq, group_id, kind, "
        + "actor_id, group_seq, role, muted_until, group_name, at, at_nanos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, ownerId);
      s.setLong(2, seq);
      s.setLong(3, notice.groupId());
      s.setString(4, notice.kind().name());
      s.setLong(5, notice.actorId());
      s.setLong(6, notice.groupSeq());
      s.setString(7, notice.role() == null ? null : notice.role().name());
      s.setString(8, notice.mutedUntil() == null ? null : SqlTime.toDb(notice.mutedUntil().truncatedTo(ChronoUnit.MICROS)));
      s.setString(9, notice.groupName());
      s.setString(10, SqlTime.toDb(notice.at().truncatedTo(ChronoUnit.MICROS)));
      s.setInt(11, notice.at().getNano() % 1000);
      s.executeUpdate();
    }
  }

  static GroupNotice notice(ResultSet rs) throws SQLException {
    String role = rs.getString("n_role");
    LocalDateTime muted = rs.getObject("n_muted_until", LocalDateTime.class);
    Instant at = SqlTime.fromDb(rs.getObject("n_at", LocalDateTime.class)).plusNanos(rs.getInt("n_at_nanos"));
    return new GroupNotice(rs.getLong("n_group_id"), GroupMessageKind.valueOf(rs.getString("n_kind")),
        rs.getLong("n_actor_id"), rs.getLong("n_group_seq"), role == null ? null : GroupRole.valueOf(role),
        muted == null ? null : SqlTime.fromDb(muted), rs.getString("n_group_name"), at);
  }
}
