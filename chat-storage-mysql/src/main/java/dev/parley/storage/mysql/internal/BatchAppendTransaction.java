package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The statements of one batched append, run inside the caller's READ COMMITTED transaction: a
 * fixed number of statements however many appends the batch holds (the message insert is split
 * only when the texts are very large).
 * <ol>
 *   <li>Read the already stored messages among the batch's (sender, client message id) pairs;
 *       those appends are answered from the stored row with {@code duplicate = true}.</li>
 *   <li>Lock and bump the {@code mailboxes} counter rows of every owner the new messages touch in
 *       one {@code INSERT … ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq)} whose
 *       rows are sorted by owner id, so the locks are taken in ascending owner order, the same
 *       order as {@link MailboxAppender}'s (lower id first): batches and single appends never wait
 *       on each other in a cycle. Then read the new values back with {@code SELECT … FOR UPDATE};
 *       an owner with {@code k} new entries owns seqs {@code last_seq - k + 1 .. last_seq}, handed
 *       out in batch order.</li>
 *   <li>Insert the messages, then read their ids back by (sender, client message id) (ids are not
 *       assumed consecutive: {@code innodb_autoinc_lock_mode = 2} interleaves them). A
 *       duplicate-key error on {@code uk_messages_sender_client} means a concurrent transaction
 *       stored one of the pairs after step 1: {@link Conflict} is thrown, which rolls the whole
 *       batch back (counter bumps included).</li>
 *   <li>Insert both mailbox entries of every message, and upsert each touched {@code conversations}
 *       row once, with the batch's newest message of that pair: the batch holds the owners'
 *       counter locks, so its seqs are the newest and a plain overwrite is right.</li>
 * </ol>
 * Within a mailbox, seq order is batch order and message id order (ids of one insert increase in
 * row order, and a later transaction on the same mailbox inserts after this one commits).
 * Stateless; the callback may run again after a deadlock, since it only touches the database.
 */
final class BatchAppendTransaction {
  /** Longest messages insert, in (over-estimated) bytes: well below the 16 MiB max_allowed_packet default. */
  static final int MAX_INSERT_BYTES = 4 << 20;
  private static final int MESSAGE_ROW_OVERHEAD = 200;

  private BatchAppendTransaction() {}

  /**
   * Appends {@code drafts} (at least one, pairwise distinct (sender, client message id), ids
   * placeholders) and returns their results in the same order.
   *
   * @throws Conflict when one of them was stored concurrently; the transaction must roll back
   */
  static List<AppendResult> append(Handle h, List<Message> drafts) {
    Map<AppendKey, AppendResult> stored = findStored(h, drafts);
    List<Message> fresh = new ArrayList<>();
    for (Message d : drafts) {
      if (!stored.containsKey(AppendKey.of(d))) {
        fresh.add(d);
      }
    }
    Map<AppendKey, AppendResult> written = fresh.isEmpty() ? Map.of() : appendFresh(h, fresh);
    List<AppendResult> results = new ArrayList<>(drafts.size());
    for (Message d : drafts) {
      AppendKey key = AppendKey.of(d);
      results.add(stored.containsKey(key) ? stored.get(key) : written.get(key));
    }
    return results;
  }

  private static Map<AppendKey, AppendResult> findStored(Handle h, List<Message> drafts) {
    Map<AppendKey, AppendResult> stored = new HashMap<>();
    keys(drafts).to(h.createQuery("SELECT " + MessageRows.COLUMNS + " FROM messages m WHERE " + keyMatch(drafts.size())))
        .map(MessageRows.STORED_APPEND)
        .forEach(r -> stored.put(AppendKey.of(r.message()), r));
    return stored;
  }

  private static Map<AppendKey, AppendResult> appendFresh(Handle h, List<Message> fresh) {
    // Entries per owner, sorted by owner id: the lock order.
    TreeMap<Long, Integer> counts = new TreeMap<>();
    for (Message d : fresh) {
      counts.merge(d.senderId(), 1, Integer::sum);
      counts.merge(d.recipientId(), 1, Integer::sum);
    }
    Map<Long, Long> nextSeq = lockAndBumpCounters(h, counts);
    long[] senderSeqs = new long[fresh.size()];
    long[] recipientSeqs = new long[fresh.size()];
    for (int i = 0; i < fresh.size(); i++) {
      Message d = fresh.get(i);
      senderSeqs[i] = nextSeq.merge(d.senderId(), 1L, Long::sum) - 1;
      recipientSeqs[i] = nextSeq.merge(d.recipientId(), 1L, Long::sum) - 1;
    }
    insertMessages(h, fresh, senderSeqs, recipientSeqs);
    Map<AppendKey, Long> ids = readIds(h, fresh);

    Map<AppendKey, AppendResult> results = new HashMap<>();
    List<MailboxEntry> entries = new ArrayList<>(2 * fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      Message d = fresh.get(i);
      Long id = ids.get(AppendKey.of(d));
      if (id == null) {
        throw new ChatException(ErrorCode.INTERNAL, "message " + d.clientMsgId() + " of user " + d.senderId()
            + " was inserted but cannot be read back");
      }
      Message m = new Message(id, d.senderId(), d.recipientId(), d.clientMsgId(), d.text(), d.sentAt());
      AppendResult r = new AppendResult(new MailboxEntry(m.senderId(), senderSeqs[i], m),
          new MailboxEntry(m.recipientId(), recipientSeqs[i], m), false);
      results.put(AppendKey.of(d), r);
      entries.add(r.senderEntry());
      entries.add(r.recipientEntry());
    }
    insertEntries(h, entries);
    touchConversations(h, entries);
    return results;
  }

  /** Bumps each owner's last_seq by its count and returns the first new seq per owner. */
  private static Map<Long, Long> lockAndBumpCounters(Handle h, TreeMap<Long, Integer> counts) {
    Binder bump = new Binder();
    counts.forEach((owner, count) -> bump.add(owner).add(count));
    bump.to(h.createUpdate("INSERT INTO mailboxes (owner_id, last_seq, acked_seq) VALUES "
        + rows("(?, ?, 0)", counts.size()) + " ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq)")).execute();
    Binder owners = new Binder();
    counts.keySet().forEach(owners::add);
    Map<Long, Long> nextSeq = new HashMap<>();
    owners.to(h.createQuery("SELECT owner_id, last_seq FROM mailboxes WHERE owner_id IN (" + rows("?", counts.size())
            + ") FOR UPDATE"))
        .map((rs, ctx) -> Map.entry(rs.getLong("owner_id"), rs.getLong("last_seq")))
        .forEach(e -> nextSeq.put(e.getKey(), e.getValue() - counts.get(e.getKey()) + 1));
    if (nextSeq.size() != counts.size()) {
      throw new ChatException(ErrorCode.INTERNAL, "mailbox counters of " + counts.keySet() + " were bumped but "
          + "only " + nextSeq.keySet() + " read back");
    }
    return nextSeq;
  }

  private static void insertMessages(Handle h, List<Message> fresh, long[] senderSeqs, long[] recipientSeqs) {
    int from = 0;
    while (from < fresh.size()) {
      int to = from;
      long bytes = 0;
      do {
        bytes += estimatedBytes(fresh.get(to));
        to++;
      } while (to < fresh.size() && bytes + estimatedBytes(fresh.get(to)) <= MAX_INSERT_BYTES);
      Binder values = new Binder();
      for (int i = from; i < to; i++) {
        Message d = fresh.get(i);
        values.add(d.senderId()).add(d.recipientId()).add(d.clientMsgId()).add(d.text())
            .add(SqlTime.toDb(d.sentAt().truncatedTo(ChronoUnit.MICROS))).add(d.sentAt().getNano() % 1000)
            .add(senderSeqs[i]).add(recipientSeqs[i]);
      }
      try {
        values.to(h.createUpdate("INSERT INTO messages (sender_id, recipient_id, client_msg_id, text, sent_at, "
            + "sent_at_nanos, sender_seq, recipient_seq) VALUES " + rows("(?, ?, ?, ?, ?, ?, ?, ?)", to - from))).execute();
      } catch (JdbiException e) {
        if (SqlErrors.isDuplicateKey(e, MessageRows.IDEMPOTENCY_KEY)) {
          throw new Conflict();
        }
        throw e;
      }
      from = to;
    }
  }

  // UTF-8 needs at most 3 bytes per UTF-16 char; the driver sends strings escaped, which may
  // double some characters: 6 per char is a safe upper bound.
  private static long estimatedBytes(Message d) {
    return 6L * (d.text().length() + d.clientMsgId().length()) + MESSAGE_ROW_OVERHEAD;
  }

  private static Map<AppendKey, Long> readIds(Handle h, List<Message> fresh) {
    Map<AppendKey, Long> ids = new HashMap<>();
    keys(fresh).to(h.createQuery("SELECT m.id, m.sender_id, m.client_msg_id FROM messages m WHERE " + keyMatch(fresh.size())))
        .map((rs, ctx) -> Map.entry(new AppendKey(rs.getLong("sender_id"), rs.getString("client_msg_id")), rs.getLong("id")))
        .forEach(e -> ids.put(e.getKey(), e.getValue()));
    return ids;
  }

  private static void insertEntries(Handle h, List<MailboxEntry> entries) {
    Binder values = new Binder();
    for (MailboxEntry e : entries) {
      values.add(e.ownerId()).add(e.seq()).add(e.message().id()).add(e.message().senderId());
    }
    values.to(h.createUpdate("INSERT INTO mailbox_entries (owner_id, seq, message_id, sender_id) VALUES "
        + rows("(?, ?, ?, ?)", entries.size()))).execute();
  }

  /** One row per (owner, peer): the entry with the highest seq, rows in (owner, peer) order. */
  private static void touchConversations(Handle h, List<MailboxEntry> entries) {
    TreeMap<Long, TreeMap<Long, MailboxEntry>> newest = new TreeMap<>();
    for (MailboxEntry e : entries) {
      newest.computeIfAbsent(e.ownerId(), o -> new TreeMap<>())
          .merge(e.message().peerOf(e.ownerId()), e, (a, b) -> a.seq() >= b.seq() ? a : b);
    }
    Binder values = new Binder();
    int rows = 0;
    for (TreeMap<Long, MailboxEntry> byPeer : newest.values()) {
      for (Map.Entry<Long, MailboxEntry> p : byPeer.entrySet()) {
        MailboxEntry e = p.getValue();
        values.add(e.ownerId()).add(p.getKey()).add(e.message().id()).add(e.seq());
        rows++;
      }
    }
    values.to(h.createUpdate("INSERT INTO conversations (owner_id, peer_id, last_message_id, last_seq) VALUES "
        + rows("(?, ?, ?, ?)", rows)
        + " ON DUPLICATE KEY UPDATE last_message_id = VALUES(last_message_id), last_seq = VALUES(last_seq)")).execute();
  }

  /** {@code (m.sender_id = ? AND m.client_msg_id = ?) OR …}: a range per pair on the unique key. */
  private static String keyMatch(int n) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : " OR ").append("(m.sender_id = ? AND m.client_msg_id = ?)");
    }
    return sql.toString();
  }

  private static Binder keys(List<Message> drafts) {
    Binder keys = new Binder();
    drafts.forEach(d -> keys.add(d.senderId()).add(d.clientMsgId()));
    return keys;
  }

  /** {@code row} repeated {@code n} times, comma separated. */
  private static String rows(String row, int n) {
    StringBuilder sql = new StringBuilder(n * (row.length() + 2));
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : ", ").append(row);
    }
    return sql.toString();
  }

  /** Positional arguments in statement order. */
  private static final class Binder {
    private final List<Object> args = new ArrayList<>();

    Binder add(Object arg) {
      args.add(arg);
      return this;
    }

    /** Binds the arguments to {@code statement}'s {@code ?}s, in order, and returns it. */
    <S extends SqlStatement<S>> S to(S statement) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Long l) {
          statement.bind(i, l.longValue());
        } else if (a instanceof Integer n) {
          statement.bind(i, n.intValue());
        } else {
          statement.bind(i, (String) a);
        }
      }
      return statement;
    }
  }

  /** A pair of the batch was stored concurrently; thrown to roll the batch back. */
  static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict() {
      super(null, null, false, false);
    }
  }
}
