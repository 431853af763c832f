package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The single-append transaction: stores one message once and appends it to both participants'
 * mailboxes at their next seqs. {@link MysqlMessageStore} appends in batches
 * ({@link BatchAppendTransaction}, which takes the same locks in the same order); this is the
 * fallback {@link BatchAppender} writes a batch's appends with, one by one, when the batch meets a
 * concurrently stored duplicate or fails.
 *
 * <p>Design (one READ COMMITTED transaction, retried on deadlock / lock-wait timeout):
 * <ol>
 *   <li>Lock the two {@code mailboxes} counter rows, lower owner id first, by
 *       {@code INSERT ... ON DUPLICATE KEY UPDATE last_seq = last_seq + 1} (which also creates a
 *       missing row at seq 1), then read both new values back with a locking read. The fixed
 *       order means two appends touching the same mailboxes never wait on each other in a cycle.</li>
 *   <li>Insert the {@code messages} row carrying both seqs. Its unique key
 *       {@code (sender_id, client_msg_id)} is the idempotency arbiter: on a duplicate-key error
 *       the transaction rolls back (undoing the counter increments, so no seq is lost) and the
 *       stored original is returned with {@code duplicate = true}.</li>
 *   <li>Insert both {@code mailbox_entries} rows and upsert both {@code conversations} rows.</li>
 * </ol>
 * The counter row locks are held until commit, so per mailbox the appends commit in seq order:
 * a reader never sees seq n+1 without seq n. Because every append by a sender locks that sender's
 * counter row, two concurrent appends with the same client message id are serialised and the
 * second one meets the first one's committed row. A plain read before the transaction answers
 * ordinary repeats without taking any lock. Thread-safe.
 */
final class MailboxAppender {
  private static final String SELECT_STORED = "SELECT " + MessageRows.COLUMNS
      + " FROM messages m WHERE m.sender_id = :sender AND m.client_msg_id = :clientMsgId";

  private final Transactions tx;

  MailboxAppender(Transactions tx) {
    this.tx = Objects.requireNonNull(tx, "tx");
  }

  AppendResult append(Message draft) {
    Optional<AppendResult> stored = findStored(draft);
    if (stored.isPresent()) {
      return stored.get();
    }
    try {
      return tx.inTransaction("append message", h -> appendNew(h, draft));
    } catch (DuplicateAppend e) {
      return findStored(draft).orElseThrow(() -> new ChatException(ErrorCode.INTERNAL,
          "message " + draft.clientMsgId() + " of user " + draft.senderId() + " was a duplicate but is gone"));
    }
  }

  private Optional<AppendResult> findStored(Message draft) {
    return tx.withHandle("find stored message", h -> h.createQuery(SELECT_STORED)
        .bind("sender", draft.senderId()).bind("clientMsgId", draft.clientMsgId())
        .map(MessageRows.STORED_APPEND).findOne());
  }

  private static AppendResult appendNew(Handle h, Message draft) {
    long lo = Math.min(draft.senderId(), draft.recipientId());
    long hi = Math.max(draft.senderId(), draft.recipientId());
    bumpCounter(h, lo);
    bumpCounter(h, hi);
    Map<Long, Long> seqs = h.createQuery("SELECT owner_id, last_seq FROM mailboxes "
            + "WHERE owner_id IN (:lo, :hi) FOR UPDATE")
        .bind("lo", lo).bind("hi", hi)
        .map((rs, ctx) -> Map.entry(rs.getLong("owner_id"), rs.getLong("last_seq")))
        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    long senderSeq = seqs.get(draft.senderId());
    long recipientSeq = seqs.get(draft.recipientId());
    long id = insertMessage(h, draft, senderSeq, recipientSeq);
    h.createUpdate("INSERT INTO mailbox_entries (owner_id, seq, message_id, sender_id) "
            + "VALUES (:sender, :senderSeq, :id, :sender), (:recipient, :recipientSeq, :id, :sender)")
        .bind("sender", draft.senderId()).bind("senderSeq", senderSeq).bind("id", id)
        .bind("recipient", draft.recipientId()).bind("recipientSeq", recipientSeq).execute();
    touchConversation(h, draft.senderId(), draft.recipientId(), id, senderSeq);
    touchConversation(h, draft.recipientId(), draft.senderId(), id, recipientSeq);
    Message m = new Message(id, draft.senderId(), draft.recipientId(), draft.clientMsgId(), draft.text(), draft.sentAt());
    return new AppendResult(new MailboxEntry(m.senderId(), senderSeq, m),
        new MailboxEntry(m.recipientId(), recipientSeq, m), false);
  }

  private static void bumpCounter(Handle h, long ownerId) {
    h.createUpdate("INSERT INTO mailboxes (owner_id, last_seq, acked_seq) VALUES (:owner, 1, 0) "
            + "ON DUPLICATE KEY UPDATE last_seq = last_seq + 1")
        .bind("owner", ownerId).execute();
  }

  private static long insertMessage(Handle h, Message draft, long senderSeq, long recipientSeq) {
    Instant micros = draft.sentAt().truncatedTo(ChronoUnit.MICROS);
    try {
      return h.createUpdate("INSERT INTO messages (sender_id, recipient_id, client_msg_id, text, sent_at, "
              + "sent_at_nanos, sender_seq, recipient_seq) VALUES (:sender, :recipient, :clientMsgId, :text, "
              + ":sentAt, :sentAtNanos, :senderSeq, :recipientSeq)")
          .bind("sender", draft.senderId()).bind("recipient", draft.recipientId())
          .bind("clientMsgId", draft.clientMsgId()).bind("text", draft.text())
          .bind("sentAt", SqlTime.toDb(micros)).bind("sentAtNanos", draft.sentAt().getNano() % 1000)
          .bind("senderSeq", senderSeq).bind("recipientSeq", recipientSeq)
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    } catch (JdbiException e) {
      if (SqlErrors.isDuplicateKey(e, MessageRows.IDEMPOTENCY_KEY)) {
        throw new DuplicateAppend();
      }
      throw e;
    }
  }

  private static void touchConversation(Handle h, long ownerId, long peerId, long messageId, long seq) {
    h.createUpdate("INSERT INTO conversations (owner_id, peer_id, last_message_id, last_seq) "
            + "VALUES (:owner, :peer, :id, :seq) ON DUPLICATE KEY UPDATE last_message_id = :id, last_seq = :seq")
        .bind("owner", ownerId).bind("peer", peerId).bind("id", messageId).bind("seq", seq).execute();
  }

  /** Aborts (and so rolls back) an append whose (sender, client message id) is already stored. */
  private static final class DuplicateAppend extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateAppend() {
      super(null, null, false, false);
    }
  }
}
