package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statements of one batched append, run with plain JDBC on the connection of the caller's
 * READ COMMITTED transaction: a fixed number of statements however many appends the batch holds
 * (the message insert is split only when the texts are very large). On MariaDB with
 * {@code innodb_autoinc_lock_mode} 0 or 1 ({@link ServerTraits}) that is five: counters, messages,
 * entries, conversations, commit.
 * <ol>
 *   <li>Only on the pre-read path ({@code preRead}, after a {@link Conflict}): read the already
 *       stored messages among the batch's (sender, client message id) pairs; those appends are
 *       answered from the stored row with {@code duplicate = true}. The common path inserts
 *       optimistically and lets the unique key find repeats.</li>
 *   <li>Lock and bump the {@code mailboxes} counter rows of every owner the new messages touch in
 *       one {@code INSERT … ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq)} whose
 *       rows are sorted by owner id, so the locks are taken in ascending owner order, the same
 *       order as {@link MailboxAppender}'s (lower id first): batches and single appends never wait
 *       on each other in a cycle. On MariaDB the same statement returns the new values
 *       ({@code RETURNING}); on MySQL they are read back with {@code SELECT … FOR UPDATE}. An
 *       owner with {@code k} new entries owns seqs {@code last_seq - k + 1 .. last_seq}, handed
 *       out in batch order.</li>
 *   <li>Insert the messages. Their ids follow from the first generated key when the server hands
 *       one insert consecutive ids ({@link ServerTraits#consecutiveIds()}), else they are read back
 *       by (sender, client message id) ({@code innodb_autoinc_lock_mode = 2} interleaves them). A
 *       duplicate-key error on {@code uk_messages_sender_client} means one of the pairs is stored
 *       already (a repeat, or a concurrent writer): {@link Conflict} is thrown, which rolls the
 *       whole batch back (counter bumps included).</li>
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
   * placeholders) on {@code c} and returns their results in the same order. With
   * {@code preRead}, drafts already stored are answered from the stored rows first.
   *
   * @throws Conflict when one of them is stored already (always possible without {@code preRead});
   *     the transaction must roll back
   * @throws SqlFailure when a statement fails
   */
  static List<AppendResult> append(Connection c, List<Message> drafts, ServerTraits server, boolean preRead) {
    try {
      if (!preRead) {
        return appendFresh(c, drafts, server);
      }
      Map<AppendKey, AppendResult> stored = findStored(c, drafts);
      List<Message> fresh = new ArrayList<>();
      for (Message d : drafts) {
        if (!stored.containsKey(AppendKey.of(d))) {
          fresh.add(d);
        }
      }
      List<AppendResult> written = fresh.isEmpty() ? List.of() : appendFresh(c, fresh, server);
      List<AppendResult> results = new ArrayList<>(drafts.size());
      int next = 0;
      for (Message d : drafts) {
        AppendResult r = stored.get(AppendKey.of(d));
        results.add(r != null ? r : written.get(next++));
      }
      return results;
    } catch (SQLException e) {
      throw new SqlFailure("append " + drafts.size() + " messages", e);
    }
  }

  private static Map<AppendKey, AppendResult> findStored(Connection c, List<Message> drafts) throws SQLException {
    Map<AppendKey, AppendResult> stored = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT " + MessageRows.COLUMNS + " FROM messages m WHERE "
        + keyMatch(drafts.size()))) {
      bindKeys(s, drafts);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          AppendResult r = MessageRows.storedAppend(rs);
          stored.put(AppendKey.of(r.message()), r);
        }
      }
    }
    return stored;
  }

  /** Results in {@code fresh}'s order. */
  private static List<AppendResult> appendFresh(Connection c, List<Message> fresh, ServerTraits server)
      throws SQLException {
    // Entries per owner, sorted by owner id: the lock order.
    TreeMap<Long, Integer> counts = new TreeMap<>();
    for (Message d : fresh) {
      counts.merge(d.senderId(), 1, Integer::sum);
      counts.merge(d.recipientId(), 1, Integer::sum);
    }
    Map<Long, Long> nextSeq = lockAndBumpCounters(c, counts, server);
    long[] senderSeqs = new long[fresh.size()];
    long[] recipientSeqs = new long[fresh.size()];
    for (int i = 0; i < fresh.size(); i++) {
      Message d = fresh.get(i);
      senderSeqs[i] = nextSeq.merge(d.senderId(), 1L, Long::sum) - 1;
      recipientSeqs[i] = nextSeq.merge(d.recipientId(), 1L, Long::sum) - 1;
    }
    long[] ids = insertMessages(c, fresh, senderSeqs, recipientSeqs, server);
    if (ids == null) {
      ids = readIds(c, fresh);
    }
    List<AppendResult> results = new ArrayList<>(fresh.size());
    List<MailboxEntry> entries = new ArrayList<>(2 * fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      Message d = fresh.get(i);
      Message m = new Message(ids[i], d.senderId(), d.recipientId(), d.clientMsgId(), d.text(), d.sentAt());
      AppendResult r = new AppendResult(new MailboxEntry(m.senderId(), senderSeqs[i], m),
          new MailboxEntry(m.recipientId(), recipientSeqs[i], m), false);
      results.add(r);
      entries.add(r.senderEntry());
      entries.add(r.recipientEntry());
    }
    insertEntries(c, entries);
    touchConversations(c, entries);
    return results;
  }

  /** Bumps each owner's last_seq by its count and returns the first new seq per owner. */
  private static Map<Long, Long> lockAndBumpCounters(Connection c, TreeMap<Long, Integer> counts, ServerTraits server)
      throws SQLException {
    String bump = "INSERT INTO mailboxes (owner_id, last_seq, acked_seq) VALUES " + rows("(?, ?, 0)", counts.size())
        + " ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq)";
    Map<Long, Long> nextSeq = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(server.counterReturning() ? bump + " RETURNING owner_id, last_seq" : bump)) {
      int p = 1;
      for (Map.Entry<Long, Integer> e : counts.entrySet()) {
        s.setLong(p++, e.getKey());
        s.setInt(p++, e.getValue());
      }
      if (server.counterReturning()) {
        s.execute();
        try (ResultSet rs = s.getResultSet()) {
          readCounters(rs, counts, nextSeq);
        }
      } else {
        s.executeUpdate();
      }
    }
    if (!server.counterReturning()) {
      try (PreparedStatement s = c.prepareStatement("SELECT owner_id, last_seq FROM mailboxes WHERE owner_id IN ("
          + rows("?", counts.size()) + ") FOR UPDATE")) {
        int p = 1;
        for (long owner : counts.keySet()) {
          s.setLong(p++, owner);
        }
        try (ResultSet rs = s.executeQuery()) {
          readCounters(rs, counts, nextSeq);
        }
      }
    }
    if (nextSeq.size() != counts.size()) {
      throw new ChatException(ErrorCode.INTERNAL, "mailbox counters of " + counts.keySet() + " were bumped but "
          + "only " + nextSeq.keySet() + " read back");
    }
    return nextSeq;
  }

  private static void readCounters(ResultSet rs, Map<Long, Integer> counts, Map<Long, Long> nextSeq) throws SQLException {
    while (rs != null && rs.next()) {
      long owner = rs.getLong(1);
      nextSeq.put(owner, rs.getLong(2) - counts.get(owner) + 1);
    }
  }

  /** Inserts the messages; returns their ids when the server's ids are consecutive, else null. */
  private static long[] insertMessages(Connection c, List<Message> fresh, long[] senderSeqs, long[] recipientSeqs,
      ServerTraits server) throws SQLException {
    long[] ids = server.consecutiveIds() ? new long[fresh.size()] : null;
    int from = 0;
    while (from < fresh.size()) {
      int to = from;
      long bytes = 0;
      do {
        bytes += estimatedBytes(fresh.get(to));
        to++;
      } while (to < fresh.size() && bytes + estimatedBytes(fresh.get(to)) <= MAX_INSERT_BYTES);
      String sql = "INSERT INTO messages (sender_id, recipient_id, client_msg_id, text, sent_at, sent_at_nanos, "
          + "sender_seq, recipient_seq) VALUES " + rows("(?, ?, ?, ?, ?, ?, ?, ?)", to - from);
      try (PreparedStatement s = ids == null ? c.prepareStatement(sql) : c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
        int p = 1;
        for (int i = from; i < to; i++) {
          Message d = fresh.get(i);
          s.setLong(p++, d.senderId());
          s.setLong(p++, d.recipientId());
          s.setString(p++, d.clientMsgId());
          s.setString(p++, d.text());
          s.setString(p++, SqlTime.toDb(d.sentAt().truncatedTo(ChronoUnit.MICROS)));
          s.setInt(p++, d.sentAt().getNano() % 1000);
          s.setLong(p++, senderSeqs[i]);
          s.setLong(p++, recipientSeqs[i]);
        }
        try {
          s.executeUpdate();
        } catch (SQLException e) {
          if (SqlErrors.isDuplicateKey(e, MessageRows.IDEMPOTENCY_KEY)) {
            throw new Conflict();
          }
          throw e;
        }
        if (ids != null) {
          long first = firstGeneratedKey(s);
          for (int i = from; i < to; i++) {
            ids[i] = first + (long) (i - from) * server.idStep();
          }
        }
      }
      from = to;
    }
    return ids;
  }

  private static long firstGeneratedKey(PreparedStatement s) throws SQLException {
    try (ResultSet keys = s.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new ChatException(ErrorCode.INTERNAL, "the messages insert returned no generated id");
      }
      return keys.getLong(1);
    }
  }

  // UTF-8 needs at most 3 bytes per UTF-16 char; the driver sends strings escaped, which may
  // double some characters: 6 per char is a safe upper bound.
  private static long estimatedBytes(Message d) {
    return 6L * (d.text().length() + d.clientMsgId().length()) + MESSAGE_ROW_OVERHEAD;
  }

  private static long[] readIds(Connection c, List<Message> fresh) throws SQLException {
    Map<AppendKey, Long> byKey = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT m.id, m.sender_id, m.client_msg_id FROM messages m WHERE "
        + keyMatch(fresh.size()))) {
      bindKeys(s, fresh);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          byKey.put(new AppendKey(rs.getLong(2), rs.getString(3)), rs.getLong(1));
        }
      }
    }
    long[] ids = new long[fresh.size()];
    for (int i = 0; i < ids.length; i++) {
      Message d = fresh.get(i);
      Long id = byKey.get(AppendKey.of(d));
      if (id == null) {
        throw new ChatException(ErrorCode.INTERNAL, "message " + d.clientMsgId() + " of user " + d.senderId()
            + " was inserted but cannot be read back");
      }
      ids[i] = id;
    }
    return ids;
  }

  private static void insertEntries(Connection c, List<MailboxEntry> entries) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO mailbox_entries (owner_id, seq, message_id, sender_id) "
        + "VALUES " + rows("(?, ?, ?, ?)", entries.size()))) {
      int p = 1;
      for (MailboxEntry e : entries) {
        s.setLong(p++, e.ownerId());
        s.setLong(p++, e.seq());
        s.setLong(p++, e.message().id());
        s.setLong(p++, e.message().senderId());
      }
      s.executeUpdate();
    }
  }

  /** One row per (owner, peer): the entry with the highest seq, rows in (owner, peer) order. */
  private static void touchConversations(Connection c, List<MailboxEntry> entries) throws SQLException {
    TreeMap<Long, TreeMap<Long, MailboxEntry>> newest = new TreeMap<>();
    for (MailboxEntry e : entries) {
      newest.computeIfAbsent(e.ownerId(), o -> new TreeMap<>())
          .merge(e.message().peerOf(e.ownerId()), e, (a, b) -> a.seq() >= b.seq() ? a : b);
    }
    int rows = 0;
    for (TreeMap<Long, MailboxEntry> byPeer : newest.values()) {
      rows += byPeer.size();
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO conversations (owner_id, peer_id, last_message_id, "
        + "last_seq) VALUES " + rows("(?, ?, ?, ?)", rows)
        + " ON DUPLICATE KEY UPDATE last_message_id = VALUES(last_message_id), last_seq = VALUES(last_seq)")) {
      int p = 1;
      for (TreeMap<Long, MailboxEntry> byPeer : newest.values()) {
        for (Map.Entry<Long, MailboxEntry> e : byPeer.entrySet()) {
          s.setLong(p++, e.getValue().ownerId());
          s.setLong(p++, e.getKey());
          s.setLong(p++, e.getValue().message().id());
          s.setLong(p++, e.getValue().seq());
        }
      }
      s.executeUpdate();
    }
  }

  /** {@code (m.sender_id = ? AND m.client_msg_id = ?) OR …}: a range per pair on the unique key. */
  private static String keyMatch(int n) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : " OR ").append("(m.sender_id = ? AND m.client_msg_id = ?)");
    }
    return sql.toString();
  }

  private static void bindKeys(PreparedStatement s, List<Message> drafts) throws SQLException {
    int p = 1;
    for (Message d : drafts) {
      s.setLong(p++, d.senderId());
      s.setString(p++, d.clientMsgId());
    }
  }

  /** {@code row} repeated {@code n} times, comma separated. */
  private static String rows(String row, int n) {
    StringBuilder sql = new StringBuilder(n * (row.length() + 2));
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : ", ").append(row);
    }
    return sql.toString();
  }

  /** A pair of the batch is stored already; thrown to roll the batch back. */
  static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict() {
      super(null, null, false, false);
    }
  }
}
