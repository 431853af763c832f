package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.spi.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@link MessageStore} on {@code messages}, {@code mailboxes}, {@code mailbox_entries} and
 * {@code conversations}. Appends go through {@link MailboxAppender} (see there for the
 * transaction design); every read is a single statement on an index. Thread-safe.
 *
 * <p>Conversations come from the {@code conversations} summary table, which the append
 * transaction keeps current, so listing them reads one index range of the user's conversations
 * instead of grouping the whole mailbox. Unread counts are computed per listed conversation as an
 * index-only range count on {@code mailbox_entries (owner_id, sender_id, seq)} above the acked
 * seq: its cost is the number of unread messages, and acks stay a single-row update.
 */
public final class MysqlMessageStore implements MessageStore {
  private final Transactions tx;
  private final MailboxAppender appender;

  public MysqlMessageStore(Transactions tx) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.appender = new MailboxAppender(tx);
  }

  @Override
  public AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
    if (senderId == recipientId) {
      throw new IllegalArgumentException("sender and recipient are the same user: " + senderId);
    }
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    if (clientMsgId.length() > Message.MAX_CLIENT_MSG_ID) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "clientMsgId is " + clientMsgId.length()
          + " characters, the limit is " + Message.MAX_CLIENT_MSG_ID);
    }
    Objects.requireNonNull(sentAt, "sentAt");
    if (!SqlTime.storable(sentAt)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "sentAt " + sentAt + " is outside " + SqlTime.MIN + ".." + SqlTime.MAX);
    }
    // The record checks the ids and nulls; its id is a placeholder until the insert assigns one.
    return appender.append(new Message(1, senderId, recipientId, clientMsgId, text, sentAt));
  }

  @Override
  public List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("read mailbox", h -> h.createQuery("SELECT e.owner_id, e.seq, " + MessageRows.COLUMNS
            + " FROM mailbox_entries e JOIN messages m ON m.id = e.message_id "
            + "WHERE e.owner_id = :owner AND e.seq > :after ORDER BY e.seq LIMIT :limit")
        .bind("owner", ownerId).bind("after", afterSeq).bind("limit", limit)
        .map((rs, ctx) -> new MailboxEntry(rs.getLong("owner_id"), rs.getLong("seq"), MessageRows.message(rs)))
        .list());
  }

  @Override
  public long lastSeq(long ownerId) {
    return counter("last_seq", ownerId);
  }

  @Override
  public long ackedSeq(long ownerId) {
    return counter("acked_seq", ownerId);
  }

  private long counter(String column, long ownerId) {
    return tx.withHandle("read " + column, h -> h.createQuery("SELECT " + column + " FROM mailboxes WHERE owner_id = :owner")
        .bind("owner", ownerId).mapTo(Long.class).findOne().orElse(0L));
  }

  @Override
  public List<Message> history(long userId, long peerId, long beforeId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("read history", h -> h.createQuery("SELECT " + MessageRows.COLUMNS + " FROM messages m "
            + "WHERE m.user_lo = :lo AND m.user_hi = :hi AND m.id < :before ORDER BY m.id DESC LIMIT :limit")
        .bind("lo", Math.min(userId, peerId)).bind("hi", Math.max(userId, peerId))
        .bind("before", beforeId <= 0 ? Long.MAX_VALUE : beforeId).bind("limit", limit)
        .map(MessageRows.MESSAGE).list());
  }

  @Override
  public List<Conversation> conversations(long userId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    // The derived table takes the page from the recency index first, so the unread count
    // sub-query runs only for the conversations returned.
    String sql = "SELECT c.peer_id, " + MessageRows.COLUMNS + ", (SELECT COUNT(*) FROM mailbox_entries e "
        + "WHERE e.owner_id = c.owner_id AND e.sender_id = c.peer_id AND e.seq > b.acked_seq) AS unread "
        + "FROM (SELECT owner_id, peer_id, last_message_id, last_seq FROM conversations "
        + "WHERE owner_id = :owner ORDER BY last_seq DESC LIMIT :limit) c "
        + "JOIN mailboxes b ON b.owner_id = c.owner_id JOIN messages m ON m.id = c.last_message_id "
        + "ORDER BY c.last_seq DESC";
    return tx.withHandle("list conversations", h -> h.createQuery(sql).bind("owner", userId).bind("limit", limit)
        .map((rs, ctx) -> new Conversation(rs.getLong("peer_id"), MessageRows.message(rs),
            (int) Math.min(Integer.MAX_VALUE, rs.getLong("unread"))))
        .list());
  }

  @Override
  public void ack(long ownerId, long upToSeq) {
    // One statement: forward only, never past last_seq, atomic against concurrent appends.
    tx.inTransaction("ack mailbox", h -> h.createUpdate("UPDATE mailboxes "
            + "SET acked_seq = LEAST(GREATEST(acked_seq, :upTo), last_seq) WHERE owner_id = :owner")
        .bind("upTo", upToSeq).bind("owner", ownerId).execute());
  }
}
