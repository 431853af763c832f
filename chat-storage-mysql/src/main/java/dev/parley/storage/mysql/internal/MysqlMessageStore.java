package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.MessageStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * {@link MessageStore} on {@code messages}, {@code mailboxes}, {@code mailbox_entries} and
 * {@code conversations}. Appends are group-committed by a {@link GroupCommitAppender}, which
 * writes concurrent appends in shared transactions ({@link BatchAppendTransaction}; see there for
 * the design) and falls back to the single-append transaction of {@link MailboxAppender}; every
 * read is a single statement on an index. Thread-safe.
 *
 * <p>Conversations come from the {@code conversations} summary table, which the append
 * transaction keeps current, so listing them reads one index range of the user's conversations
 * (newest first on {@code (owner_id, last_seq)}) instead of grouping the whole mailbox. Unread
 * counts are computed for the listed peers only, as an index-only range count on
 * {@code mailbox_entries (owner_id, sender_id, seq)} above the acked seq: the cost is the number
 * of unread messages, and an ack stays a locked read and a single-row update of the mailbox row,
 * with no counters to adjust. The page and the counts are read in one snapshot, so they agree
 * with each other.
 */
public final class MysqlMessageStore implements MessageStore {
  private final Transactions tx;
  private final GroupCommitAppender appender;
  private final String deploymentId;

  /**
   * A store reading through {@code tx} and appending through {@code appender}, which stays the
   * caller's to close; {@code deploymentId} is the database's ({@link DeploymentRow#read}).
   */
  public MysqlMessageStore(Transactions tx, GroupCommitAppender appender, String deploymentId) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.appender = Objects.requireNonNull(appender, "appender");
    this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
  }

  @Override
  public String deploymentId() {
    return deploymentId;
  }

  /** Waits on the caller's thread for {@link #appendAsync}; same exceptions, raised here. */
  @Override
  public AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
    // Blocks until the batch carrying it commits; UNAVAILABLE when the append queue is full.
    return appender.append(draft(senderId, recipientId, clientMsgId, text, sentAt));
  }

  /**
   * Queues the append for the group commit and returns at once. The future completes when the
   * batch holding the append has committed, on an append writer thread: dependent stages run
   * there and must not block (a blocked writer stalls the appends of all senders it serves). It
   * fails with {@code UNAVAILABLE} at once when the queue is full, and after the wait timeout
   * (connection timeout + socket timeout) when the append was not stored by then (still queued:
   * withdrawn; being written: it may still be stored). A sender's appends submitted one after the
   * other from one thread get increasing seqs in that order. Invalid arguments fail the future
   * too ({@code IllegalArgumentException}, {@code NullPointerException}, {@code BAD_REQUEST}).
   */
  @Override
  public CompletableFuture<AppendResult> appendAsync(long senderId, long recipientId, String clientMsgId, String text,
      Instant sentAt) {
    Message draft;
    try {
      draft = draft(senderId, recipientId, clientMsgId, text, sentAt);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return appender.appendAsync(draft);
  }

  private static Message draft(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
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
    return new Message(1, senderId, recipientId, clientMsgId, text, sentAt);
  }

  /**
   * One transaction on the owner's mailbox row: bump {@code last_seq} (creating the row at 1), which
   * locks it as a message append does, read the new value and insert the notice at that seq into
   * {@code mailbox_notices}. It locks a single mailbox row, so it cannot wait in a cycle with the
   * appends, which lock theirs in ascending owner order.
   */
  @Override
  public MailboxEntry appendNotice(long ownerId, GroupNotice notice) {
    Validation.id("ownerId", ownerId);
    Objects.requireNonNull(notice, "notice");
    if (!SqlTime.storable(notice.at()) || (notice.mutedUntil() != null && !SqlTime.storable(notice.mutedUntil()))) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "notice times " + notice.at() + ", " + notice.mutedUntil()
          + " are outside " + SqlTime.MIN + ".." + SqlTime.MAX);
    }
    long seq = tx.inJdbcTransaction("append group notice", c -> {
      try (PreparedStatement bump = c.prepareStatement("INSERT INTO mailboxes (owner_id, last_seq, acked_seq) "
          + "VALUES (?, 1, 0) ON DUPLICATE KEY UPDATE last_seq = last_seq + 1")) {
        bump.setLong(1, ownerId);
        bump.executeUpdate();
      }
      long last;
      try (PreparedStatement read = c.prepareStatement("SELECT last_seq FROM mailboxes WHERE owner_id = ?")) {
        read.setLong(1, ownerId);
        try (ResultSet rs = read.executeQuery()) {
          rs.next();
          last = rs.getLong(1);
        }
      }
      NoticeRows.insert(c, ownerId, last, notice);
      return last;
    });
    return MailboxEntry.ofNotice(ownerId, seq, notice);
  }

  /**
   * One statement, so one snapshot: the owner's message entries and notices after the seq, each a
   * primary-key range ({@code mailbox_entries (owner_id, seq)}, {@code mailbox_notices (owner_id,
   * seq)}) of at most {@code limit} rows, merged by seq. Two separate reads could see a notice
   * committed after a message entry the first read missed, and so a gap.
   */
  @Override
  public List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("read mailbox", h -> h.createQuery("(SELECT e.owner_id, e.seq, " + MessageRows.COLUMNS
            + ", " + NoticeRows.NULL_COLUMNS + " FROM mailbox_entries e JOIN messages m ON m.id = e.message_id "
            + "WHERE e.owner_id = :owner AND e.seq > :after ORDER BY e.seq LIMIT :limit) UNION ALL "
            + "(SELECT n.owner_id, n.seq, " + MessageRows.NULL_COLUMNS + ", " + NoticeRows.COLUMNS
            + " FROM mailbox_notices n WHERE n.owner_id = :owner AND n.seq > :after ORDER BY n.seq LIMIT :limit) "
            + "ORDER BY seq LIMIT :limit")
        .bind("owner", ownerId).bind("after", afterSeq).bind("limit", limit)
        .map((rs, ctx) -> rs.getString("n_kind") != null
            ? MailboxEntry.ofNotice(rs.getLong("owner_id"), rs.getLong("seq"), NoticeRows.notice(rs))
            : new MailboxEntry(rs.getLong("owner_id"), rs.getLong("seq"), MessageRows.message(rs)))
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
    return tx.readSnapshot("list conversations", h -> {
      List<Map.Entry<Long, Message>> page = h.createQuery("SELECT c.peer_id, " + MessageRows.COLUMNS
              + " FROM conversations c JOIN messages m ON m.id = c.last_message_id "
              + "WHERE c.owner_id = :owner ORDER BY c.last_seq DESC LIMIT :limit")
          .bind("owner", userId).bind("limit", limit)
          .map((rs, ctx) -> Map.entry(rs.getLong("peer_id"), MessageRows.message(rs))).list();
      if (page.isEmpty()) {
        return List.<Conversation>of();
      }
      Map<Long, Long> unread = unreadByPeer(h, userId, page.stream().map(Map.Entry::getKey).toList());
      return page.stream().map(p -> new Conversation(p.getKey(), p.getValue(),
          (int) Math.min(Integer.MAX_VALUE, unread.getOrDefault(p.getKey(), 0L)))).toList();
    });
  }

  // The acked seq is bound as a constant (not joined in) so the count is an index range
  // (owner_id, sender_id, seq > acked) per peer: its cost is the number of unread entries.
  private static Map<Long, Long> unreadByPeer(Handle h, long ownerId, List<Long> peers) {
    long acked = h.createQuery("SELECT acked_seq FROM mailboxes WHERE owner_id = :owner")
        .bind("owner", ownerId).mapTo(Long.class).findOne().orElse(0L);
    return h.createQuery("SELECT sender_id, COUNT(*) AS unread FROM mailbox_entries "
            + "WHERE owner_id = :owner AND sender_id IN (<peers>) AND seq > :acked GROUP BY sender_id")
        .bind("owner", ownerId).bindList("peers", peers).bind("acked", acked)
        .map((rs, ctx) -> Map.entry(rs.getLong("sender_id"), rs.getLong("unread")))
        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /**
   * One transaction on the mailbox row: read it under its row lock ({@code FOR UPDATE}), then, only
   * when the position moves, one single-row update; a plain JDBC transaction that commits by
   * restoring auto-commit ({@link Transactions#inJdbcTransaction}). The lock serialises concurrent
   * acks of the mailbox (two devices) and the appends, which allocate seqs under the same row lock,
   * so the position read is the one this ack moves from and {@code last_seq} cannot change before
   * the update: forward only, never past the last seq, each raise reported once with its value.
   */
  @Override
  public AckResult ack(long ownerId, long upToSeq) {
    return tx.inJdbcTransaction("ack mailbox", c -> {
      long acked;
      long last;
      try (PreparedStatement read = c.prepareStatement(
          "SELECT acked_seq, last_seq FROM mailboxes WHERE owner_id = ? FOR UPDATE")) {
        read.setLong(1, ownerId);
        try (ResultSet rs = read.executeQuery()) {
          if (!rs.next()) {
            return AckResult.unchanged(0); // no mailbox yet: nothing to read, nothing locked
          }
          acked = rs.getLong(1);
          last = rs.getLong(2);
        }
      }
      long next = Math.max(acked, Math.min(upToSeq, last));
      if (next == acked) {
        return AckResult.unchanged(acked);
      }
      try (PreparedStatement write = c.prepareStatement("UPDATE mailboxes SET acked_seq = ? WHERE owner_id = ?")) {
        write.setLong(1, next);
        write.setLong(2, ownerId);
        write.executeUpdate();
      }
      return new AckResult(acked, next);
    });
  }
}
