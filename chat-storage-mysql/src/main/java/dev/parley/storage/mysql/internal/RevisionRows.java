package dev.parley.storage.mysql.internal;

import dev.parley.core.model.MessageRevision;
import dev.parley.core.model.RevisionKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

/**
 * Rows of {@code mailbox_revisions}: the recall, edit and delete entries of a mailbox. Their columns
 * carry an {@code r_} prefix in reads so they sit beside a message's and a notice's columns in the
 * mailbox read's UNION. {@code at} is stored to the microsecond (revisions are made at whole
 * milliseconds). Stateless and thread-safe.
 */
final class RevisionRows {
  /** The revision columns of alias {@code r}, each named {@code r_<column>}. */
  static final String COLUMNS = "r.message_id AS r_message_id, r.kind AS r_kind, r.text AS r_text, "
      + "r.by_user_id AS r_by_user_id, r.peer_id AS r_peer_id, r.at AS r_at";

  /** {@link #COLUMNS}' names with NULL values, for the other halves of the UNION. */
  static final String NULL_COLUMNS = "NULL AS r_message_id, NULL AS r_kind, NULL AS r_text, NULL AS r_by_user_id, "
      + "NULL AS r_peer_id, NULL AS r_at";

  private RevisionRows() {}

  static MessageRevision revision(ResultSet rs) throws SQLException {
    return new MessageRevision(rs.getLong("r_message_id"), RevisionKind.valueOf(rs.getString("r_kind")),
        rs.getString("r_text"), rs.getLong("r_by_user_id"), SqlTime.fromDb(rs.getObject("r_at", LocalDateTime.class)),
        rs.getLong("r_peer_id"));
  }
}
