package dev.parley.storage.mysql.internal;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Row mappers for {@code messages}. A message's {@code sentAt} is stored as DATETIME(6) plus the
 * nanoseconds below the microsecond, so it reads back exactly as given. Stateless and thread-safe.
 */
final class MessageRows {
  /** The unique key on messages (sender_id, client_msg_id) that makes an append idempotent. */
  static final String IDEMPOTENCY_KEY = "uk_messages_sender_client";

  /** The message columns, qualified with the alias {@code m}. */
  static final String COLUMNS = "m.id, m.sender_id, m.recipient_id, m.client_msg_id, m.text, m.sent_at, "
      + "m.sent_at_nanos, m.sender_seq, m.recipient_seq, m.recalled, m.edited_at";

  /** {@link #COLUMNS}' names with NULL values, for the notice half of the mailbox read's UNION. */
  static final String NULL_COLUMNS = "NULL AS id, NULL AS sender_id, NULL AS recipient_id, NULL AS client_msg_id, "
      + "NULL AS text, NULL AS sent_at, NULL AS sent_at_nanos, NULL AS sender_seq, NULL AS recipient_seq, "
      + "NULL AS recalled, NULL AS edited_at";

  static final RowMapper<Message> MESSAGE = (rs, ctx) -> message(rs);

  /** Both mailbox entries of a message, as an idempotent repeat reports them. */
  static final RowMapper<AppendResult> STORED_APPEND = (rs, ctx) -> storedAppend(rs);

  private MessageRows() {}

  /** Both mailbox entries of the current row's message, with {@code duplicate = true}. */
  static AppendResult storedAppend(ResultSet rs) throws SQLException {
    Message m = message(rs);
    return new AppendResult(new MailboxEntry(m.senderId(), rs.getLong("sender_seq"), m),
        new MailboxEntry(m.recipientId(), rs.getLong("recipient_seq"), m), true);
  }

  static Message message(ResultSet rs) throws SQLException {
    Instant micros = SqlTime.fromDb(rs.getObject("sent_at", LocalDateTime.class));
    LocalDateTime edited = rs.getObject("edited_at", LocalDateTime.class);
    return new Message(rs.getLong("id"), rs.getLong("sender_id"), rs.getLong("recipient_id"),
        rs.getString("client_msg_id"), rs.getString("text"), micros.plusNanos(rs.getInt("sent_at_nanos")),
        rs.getBoolean("recalled"), edited == null ? null : SqlTime.fromDb(edited), false);
  }
}
