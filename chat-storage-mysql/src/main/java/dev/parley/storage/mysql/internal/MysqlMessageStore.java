package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageRevision;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.MessageStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
   * One statement, so one snapshot: the owner's message entries, notices and revision entries after
   * the seq, each a primary-key range ({@code mailbox_entries}, {@code mailbox_notices},
   * {@code mailbox_revisions}, all on {@code (owner_id, seq)}) of at most {@code limit} rows, merged
   * by seq; a message entry is marked deleted by a primary-key probe of {@code message_deletions}.
   * Separate reads could see an entry committed after one an earlier read missed, and so a gap.
   */
  @Override
  public List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("read mailbox", h -> h.createQuery("(SELECT e.owner_id, e.seq, " + MessageRows.COLUMNS
            + ", d.owner_id IS NOT NULL AS d_deleted, " + NoticeRows.NULL_COLUMNS + ", " + RevisionRows.NULL_COLUMNS
            + " FROM mailbox_entries e JOIN messages m ON m.id = e.message_id "
            + "LEFT JOIN message_deletions d ON d.owner_id = e.owner_id AND d.message_id = e.message_id "
            + "WHERE e.owner_id = :owner AND e.seq > :after ORDER BY e.seq LIMIT :limit) UNION ALL "
            + "(SELECT n.owner_id, n.seq, " + MessageRows.NULL_COLUMNS + ", NULL AS d_deleted, " + NoticeRows.COLUMNS
            + ", " + RevisionRows.NULL_COLUMNS
            + " FROM mailbox_notices n WHERE n.owner_id = :owner AND n.seq > :after ORDER BY n.seq LIMIT :limit) "
            + "UNION ALL (SELECT r.owner_id, r.seq, " + MessageRows.NULL_COLUMNS + ", NULL AS d_deleted, "
            + NoticeRows.NULL_COLUMNS + ", " + RevisionRows.COLUMNS
            + " FROM mailbox_revisions r WHERE r.owner_id = :owner AND r.seq > :after ORDER BY r.seq LIMIT :limit) "
            + "ORDER BY seq LIMIT :limit")
        .bind("owner", ownerId).bind("after", afterSeq).bind("limit", limit)
        .map((rs, ctx) -> {
          long owner = rs.getLong("owner_id");
          long seq = rs.getLong("seq");
          if (rs.getString("n_kind") != null) {
            return MailboxEntry.ofNotice(owner, seq, NoticeRows.notice(rs));
          }
          if (rs.getString("r_kind") != null) {
            return MailboxEntry.ofRevision(owner, seq, RevisionRows.revision(rs));
          }
          Message m = MessageRows.message(rs);
          return new MailboxEntry(owner, seq, rs.getBoolean("d_deleted") ? m.asDeleted() : m);
        })
        .list());
  }

  /** One primary-key read of the message, and a primary-key probe of the owner's deletions. */
  @Override
  public Optional<Message> findInMailbox(long ownerId, long messageId) {
    return tx.withHandle("find message", h -> find(h, ownerId, messageId));
  }

  private static Optional<Message> find(Handle h, long ownerId, long messageId) {
    return h.createQuery("SELECT " + MessageRows.COLUMNS + ", d.owner_id IS NOT NULL AS d_deleted FROM messages m "
            + "LEFT JOIN message_deletions d ON d.owner_id = :owner AND d.message_id = m.id "
            + "WHERE m.id = :id AND (m.sender_id = :owner OR m.recipient_id = :owner)")
        .bind("owner", ownerId).bind("id", messageId)
        .map((rs, ctx) -> {
          Message m = MessageRows.message(rs);
          return rs.getBoolean("d_deleted") ? m.asDeleted() : m;
        })
        .findOne();
  }

  /**
   * One READ COMMITTED transaction (retried on deadlock). It locks the mailbox rows involved with a
   * locking read ({@code SELECT ... FOR UPDATE}, ascending owner id: the appends' lock order), so
   * the revision entries take the next seqs in order with concurrent appends, notices and other
   * revisions; then it re-reads the message's state under those locks (every recall and edit of a
   * message locks its sender's row), updates the message row (recall, edit) or inserts the
   * deletion (delete, and moves the owner's conversation row off a deleted last message), bumps
   * {@code last_seq} and inserts the revision rows. A duplicate or a refusal writes nothing.
   */
  @Override
  public RevisionResult revise(long actorId, long messageId, RevisionKind kind, String text, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    if (!SqlTime.storable(at)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "at " + at + " is outside " + SqlTime.MIN + ".." + SqlTime.MAX);
    }
    String newText = kind == RevisionKind.EDITED ? Objects.requireNonNull(text, "text") : "";
    Instant when = at.truncatedTo(ChronoUnit.MICROS);
    return tx.inTransaction("revise message", h -> {
      Message seen = find(h, actorId, messageId).orElseThrow(() -> notFound(messageId));
      if (kind == RevisionKind.DELETED) {
        return delete(h, actorId, seen, when);
      }
      if (seen.senderId() != actorId) {
        throw new ChatException(ErrorCode.NOT_ALLOWED, "only the sender may "
            + (kind == RevisionKind.RECALLED ? "recall" : "edit") + " message " + messageId);
      }
      Map<Long, Long> last = lockMailboxes(h, seen.senderId(), seen.recipientId());
      Message current = find(h, actorId, messageId).orElseThrow(() -> notFound(messageId));
      if (current.recalled()) {
        if (kind == RevisionKind.RECALLED) {
          return new RevisionResult(current, List.of(), true);
        }
        throw new ChatException(ErrorCode.NOT_ALLOWED, "message " + messageId + " was recalled and cannot be edited");
      }
      if (kind == RevisionKind.RECALLED) {
        h.createUpdate("UPDATE messages SET recalled = 1, text = '' WHERE id = :id").bind("id", messageId).execute();
      } else {
        h.createUpdate("UPDATE messages SET text = :text, edited_at = :at WHERE id = :id")
            .bind("text", newText).bind("at", SqlTime.toDb(when)).bind("id", messageId).execute();
      }
      MessageRevision toSender = new MessageRevision(messageId, kind, newText, actorId, when, seen.recipientId());
      MessageRevision toRecipient = new MessageRevision(messageId, kind, newText, actorId, when, seen.senderId());
      long senderSeq = appendRevision(h, seen.senderId(), last.get(seen.senderId()) + 1, toSender);
      long recipientSeq = appendRevision(h, seen.recipientId(), last.get(seen.recipientId()) + 1, toRecipient);
      Message result = kind == RevisionKind.RECALLED ? current.asRecalled() : current.asEdited(newText, when);
      return new RevisionResult(result, List.of(MailboxEntry.ofRevision(seen.senderId(), senderSeq, toSender),
          MailboxEntry.ofRevision(seen.recipientId(), recipientSeq, toRecipient)), false);
    });
  }

  private static RevisionResult delete(Handle h, long ownerId, Message seen, Instant at) {
    long last = lockMailboxes(h, ownerId).get(ownerId);
    Message current = find(h, ownerId, seen.id()).orElseThrow(() -> notFound(seen.id()));
    if (current.deleted()) {
      return new RevisionResult(current, List.of(), true);
    }
    h.createUpdate("INSERT INTO message_deletions (owner_id, message_id) VALUES (:owner, :id)")
        .bind("owner", ownerId).bind("id", seen.id()).execute();
    long peer = seen.peerOf(ownerId);
    Optional<Long> lastMessage = h.createQuery("SELECT last_message_id FROM conversations "
            + "WHERE owner_id = :owner AND peer_id = :peer").bind("owner", ownerId).bind("peer", peer)
        .mapTo(Long.class).findOne();
    if (lastMessage.isPresent() && lastMessage.get() == seen.id()) {
      // The newest message of the pair the owner has not deleted: the pair index backwards from it.
      Optional<Long> newest = h.createQuery("SELECT m.id FROM messages m WHERE m.user_lo = :lo AND m.user_hi = :hi "
              + "AND m.id < :id AND NOT EXISTS (SELECT 1 FROM message_deletions d WHERE d.owner_id = :owner "
              + "AND d.message_id = m.id) ORDER BY m.id DESC LIMIT 1")
          .bind("lo", Math.min(ownerId, peer)).bind("hi", Math.max(ownerId, peer)).bind("id", seen.id())
          .bind("owner", ownerId).mapTo(Long.class).findOne();
      if (newest.isPresent()) {
        h.createUpdate("UPDATE conversations SET last_message_id = :id WHERE owner_id = :owner AND peer_id = :peer")
            .bind("id", newest.get()).bind("owner", ownerId).bind("peer", peer).execute();
      } else {
        h.createUpdate("DELETE FROM conversations WHERE owner_id = :owner AND peer_id = :peer")
            .bind("owner", ownerId).bind("peer", peer).execute();
      }
    }
    MessageRevision revision = new MessageRevision(seen.id(), RevisionKind.DELETED, "", ownerId, at, peer);
    long seq = appendRevision(h, ownerId, last + 1, revision);
    return new RevisionResult(current.asDeleted(), List.of(MailboxEntry.ofRevision(ownerId, seq, revision)), false);
  }

  /** Locks the owners' mailbox rows (they exist: each holds the message) in ascending order; their last seqs. */
  private static Map<Long, Long> lockMailboxes(Handle h, long... owners) {
    return h.createQuery("SELECT owner_id, last_seq FROM mailboxes WHERE owner_id IN (<owners>) "
            + "ORDER BY owner_id FOR UPDATE")
        .bindList("owners", java.util.Arrays.stream(owners).boxed().toList())
        .map((rs, ctx) -> Map.entry(rs.getLong("owner_id"), rs.getLong("last_seq")))
        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static long appendRevision(Handle h, long ownerId, long seq, MessageRevision r) {
    h.createUpdate("UPDATE mailboxes SET last_seq = :seq WHERE owner_id = :owner")
        .bind("seq", seq).bind("owner", ownerId).execute();
    h.createUpdate("INSERT INTO mailbox_revisions (owner_id, seq, message_id, kind, text, by_user_id, peer_id, at) "
            + "VALUES (:owner, :seq, :id, :kind, :text, :by, :peer, :at)")
        .bind("owner", ownerId).bind("seq", seq).bind("id", r.messageId()).bind("kind", r.kind().name())
        .bind("text", r.text()).bind("by", r.byUserId()).bind("peer", r.peerId()).bind("at", SqlTime.toDb(r.at()))
        .execute();
    return seq;
  }

  private static ChatException notFound(long messageId) {
    return new ChatException(ErrorCode.NOT_FOUND, "message " + messageId + " is not in your mailbox");
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
            + "WHERE m.user_lo = :lo AND m.user_hi = :hi AND m.id < :before AND NOT EXISTS (SELECT 1 FROM "
            + "message_deletions d WHERE d.owner_id = :user AND d.message_id = m.id) ORDER BY m.id DESC LIMIT :limit")
        .bind("lo", Math.min(userId, peerId)).bind("hi", Math.max(userId, peerId)).bind("user", userId)
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
