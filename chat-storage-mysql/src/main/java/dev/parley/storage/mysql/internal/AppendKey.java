package dev.parley.storage.mysql.internal;

import dev.parley.core.model.Message;
import java.util.Objects;

/**
 * The idempotency key of an append, {@code (sender_id, client_msg_id)}: the columns of the unique
 * key {@code uk_messages_sender_client}. Compared with Java string equality, which is the
 * database's {@code utf8mb4_bin} comparison except that the database (a PAD SPACE collation) also
 * treats ids differing only in trailing spaces as equal; such a pair is not recognised here but
 * then meets the unique key, and {@link BatchAppender} falls back to the single-append path,
 * which answers it as the database does. Immutable.
 */
record AppendKey(long senderId, String clientMsgId) {
  AppendKey {
    Objects.requireNonNull(clientMsgId, "clientMsgId");
  }

  static AppendKey of(Message m) {
    return new AppendKey(m.senderId(), m.clientMsgId());
  }
}
