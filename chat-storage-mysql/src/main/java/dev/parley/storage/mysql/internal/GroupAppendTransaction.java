package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statements of one batched group append, plain JDBC on the connection of the caller's READ
 * COMMITTED transaction; a fixed number however many appends and groups the batch holds (the
 * insert is split only for very large texts). On MariaDB with consecutive ids: begin, lock,
 * look up repeats, check membership, bump counters, insert, commit.
 * <ol>
 *   <li>Lock the batch's group rows: one {@code SELECT ... WHERE id IN (...) ORDER BY id FOR UPDATE}
 *       on the primary key, which locks them in ascending id order; membership changes lock one
 *       group row, so no two writers wait on each other in a cycle. From here until commit the
 *       batch is the only writer of these groups' logs and member rows.</li>
 *   <li>Look up the stored messages among the batch's {@code (group, sender, client message id)}
 *       ({@code uk_group_messages_sender_client}): under the group locks nobody can store one
 *       meanwhile, so a repeat is answered from its row with {@code duplicate = true}, also when its
 *       sender has left since.</li>
 *   <li>Check that the senders of the others are members ({@code group_members} primary key): a
 *       non-member's append fails {@code NOT_A_MEMBER}, an append to a missing or dissolved group
 *       {@code NOT_FOUND}, each on its own; the rest go on.</li>
 *   <li>One {@code UPDATE chat_groups} for all groups ({@code CASE id}): a group with {@code k} new
 *       entries moves from {@code last_seq} to {@code last_seq + k}, and its entries take those seqs
 *       in batch order.</li>
 *   <li>One multi-row {@code INSERT INTO group_messages}. Ids follow from the first generated key
 *       when the server hands one insert consecutive ids ({@link ServerTraits#consecutiveIds()}),
 *       else they are read back by {@code (group_id, seq)}.</li>
 * </ol>
 * Stateless; the work may run again after a deadlock, since it only touches the database.
 */
final class GroupAppendTransaction {
  private GroupAppendTransaction() {}

  /** The result of one distinct append: exactly one of the two is set. */
  record Outcome(GroupAppendResult result, ChatException error) {}

  /** Appends {@code drafts} (pairwise distinct keys) on {@code c}; outcomes in the same order. */
  static List<Outcome> append(Connection c, List<GroupDraft> drafts, ServerTraits server) throws SQLException {
    TreeMap<Long, long[]> groups = lockGroups(c, drafts); // id -> {last_seq, dissolved}
    Map<GroupDraft.Key, GroupMessage> stored = findStored(c, drafts, groups);
    Set<List<Long>> members = members(c, drafts, groups, stored);
    Outcome[] outcomes = new Outcome[drafts.size()];
    List<Integer> fresh = new ArrayList<>();
    long[] seqs = new long[drafts.size()];
    TreeMap<Long, Instant> lastAt = new TreeMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      GroupDraft d = drafts.get(i);
      long[] g = groups.get(d.groupId());
      GroupMessage original = stored.get(d.key());
      if (g == null) {
        outcomes[i] = failure(ErrorCode.NOT_FOUND, "group " + d.groupId() + " does not exist");
      } else if (original != null) {
        outcomes[i] = new Outcome(new GroupAppendResult(original, true), null);
      } else if (g[1] != 0) {
        outcomes[i] = failure(ErrorCode.NOT_FOUND, "group " + d.groupId() + " was dissolved");
      } else if (!members.contains(List.of(d.groupId(), d.senderId()))) {
        outcomes[i] = failure(ErrorCode.NOT_A_MEMBER, "user " + d.senderId() + " is not a member of group "
            + d.groupId());
      } else {
        seqs[i] = ++g[0];
        lastAt.put(d.groupId(), d.sentAt());
        fresh.add(i);
      }
    }
    if (!fresh.isEmpty()) {
      bumpCounters(c, groups, lastAt);
      long[] ids = insert(c, drafts, fresh, seqs, server);
      for (int k = 0; k < fresh.size(); k++) {
        int i = fresh.get(k);
        GroupDraft d = drafts.get(i);
        outcomes[i] = new Outcome(new GroupAppendResult(GroupMessage.text(d.groupId(), seqs[i], ids[k], d.senderId(),
            d.clientMsgId(), d.text(), d.sentAt()), false), null);
      }
    }
    return List.of(outcomes);
  }

  private static Outcome failure(ErrorCode code, String message) {
    return new Outcome(null, new ChatException(code, message));
  }

  private static TreeMap<Long, long[]> lockGroups(Connection c, List<GroupDraft> drafts) throws SQLException {
    TreeMap<Long, long[]> groups = new TreeMap<>();
    List<Long> ids = drafts.stream().map(GroupDraft::groupId).distinct().sorted().toList();
    try (PreparedStatement s = c.prepareStatement("SELECT id, last_seq, dissolved FROM chat_groups WHERE id IN ("
        + rows("?", ids.size()) + ") ORDER BY id FOR UPDATE")) {
      int p = 1;
      for (long id : ids) {
        s.setLong(p++, id);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          groups.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getInt(3)});
        }
      }
    }
    return groups;
  }

  private static Map<GroupDraft.Key, GroupMessage> findStored(Connection c, List<GroupDraft> drafts,
      Map<Long, long[]> groups) throws SQLException {
    Map<GroupDraft.Key, GroupMessage> stored = new HashMap<>();
    List<GroupDraft> candidates = drafts.stream().filter(d -> groups.containsKey(d.groupId())).toList();
    if (candidates.isEmpty()) {
      return stored;
    }
    StringBuilder sql = new StringBuilder("SELECT " + GroupRows.MESSAGE_COLUMNS + " FROM group_messages x WHERE ");
    for (int i = 0; i < candidates.size(); i++) {
      sql.append(i == 0 ? "" : " OR ").append("(x.group_id = ? AND x.sender_id = ? AND x.client_msg_id = ?)");
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (GroupDraft d : candidates) {
        s.setLong(p++, d.groupId());
        s.setLong(p++, d.senderId());
        s.setString(p++, d.clientMsgId());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          GroupMessage m = GroupRows.message(rs);
          stored.put(new GroupDraft.Key(m.groupId(), m.senderId(), m.clientMsgId()), m);
        }
      }
    }
    return stored;
  }

  /** The (group, user) pairs among the new appends' senders that are members. */
  private static Set<List<Long>> members(Connection c, List<GroupDraft> drafts, Map<Long, long[]> groups,
      Map<GroupDraft.Key, GroupMessage> stored) throws SQLException {
    Set<List<Long>> asked = new HashSet<>();
    for (GroupDraft d : drafts) {
      long[] g = groups.get(d.groupId());
      if (g != null && g[1] == 0 && !stored.containsKey(d.key())) {
        asked.add(List.of(d.groupId(), d.senderId()));
      }
    }
    Set<List<Long>> members = new HashSet<>();
    if (asked.isEmpty()) {
      return members;
    }
    StringBuilder sql = new StringBuilder("SELECT group_id, user_id FROM group_members WHERE ");
    for (int i = 0; i < asked.size(); i++) {
      sql.append(i == 0 ? "" : " OR ").append("(group_id = ? AND user_id = ?)");
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (List<Long> pair : asked) {
        s.setLong(p++, pair.get(0));
        s.setLong(p++, pair.get(1));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          members.add(List.of(rs.getLong(1), rs.getLong(2)));
        }
      }
    }
    return members;
  }

  /** One statement for every group with new entries: its new last_seq and last entry time. */
  private static void bumpCounters(Connection c, Map<Long, long[]> groups, TreeMap<Long, Instant> lastAt)
      throws SQLException {
    int n = lastAt.size();
    String sql = "UPDATE chat_groups SET last_seq = CASE id " + rows("WHEN ? THEN ?", n).replace(",", "")
        + " END, last_at = CASE id " + rows("WHEN ? THEN ?", n).replace(",", "") + " END WHERE id IN ("
        + rows("?", n) + ")";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int p = 1;
      for (long id : lastAt.keySet()) {
        s.setLong(p++, id);
        s.setLong(p++, groups.get(id)[0]);
      }
      for (Map.Entry<Long, Instant> e : lastAt.entrySet()) {
        s.setLong(p++, e.getKey());
        s.setString(p++, SqlTime.toDb(e.getValue().truncatedTo(ChronoUnit.MICROS)));
      }
      for (long id : lastAt.keySet()) {
        s.setLong(p++, id);
      }
      s.executeUpdate();
    }
  }

  /** Inserts the fresh drafts; returns their ids in {@code fresh}'s order. */
  private static long[] insert(Connection c, List<GroupDraft> drafts, List<Integer> fresh, long[] seqs,
      ServerTraits server) throws SQLException {
    long[] ids = new long[fresh.size()];
    int from = 0;
    while (from < fresh.size()) {
      int to = from;
      long bytes = 0;
      do {
        bytes += estimatedBytes(drafts.get(fresh.get(to)));
        to++;
      } while (to < fresh.size() && bytes + estimatedBytes(drafts.get(fresh.get(to))) <= BatchAppendTransaction.MAX_INSERT_BYTES);
      String sql = "INSERT INTO group_messages (group_id, seq, sender_id, client_msg_id, kind, text, sent_at, "
          + "sent_at_nanos) VALUES " + rows("(?, ?, ?, ?, 'TEXT', ?, ?, ?)", to - from);
      boolean keys = server.consecutiveIds();
      try (PreparedStatement s = keys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : c.prepareStatement(sql)) {
        int p = 1;
        for (int k = from; k < to; k++) {
          GroupDraft d = drafts.get(fresh.get(k));
          s.setLong(p++, d.groupId());
          s.setLong(p++, seqs[fresh.get(k)]);
          s.setLong(p++, d.senderId());
          s.setString(p++, d.clientMsgId());
          s.setString(p++, d.text());
          s.setString(p++, SqlTime.toDb(d.sentAt().truncatedTo(ChronoUnit.MICROS)));
          s.setInt(p++, d.sentAt().getNano() % 1000);
        }
        s.executeUpdate();
        if (keys) {
          try (ResultSet rs = s.getGeneratedKeys()) {
            if (!rs.next()) {
              throw new ChatException(ErrorCode.INTERNAL, "the group_messages insert returned no generated id");
            }
            long first = rs.getLong(1);
            for (int k = from; k < to; k++) {
              ids[k] = first + (long) (k - from) * server.idStep();
            }
          }
        }
      }
      from = to;
    }
    if (!server.consecutiveIds()) {
      readIds(c, drafts, fresh, seqs, ids);
    }
    return ids;
  }

  private static void readIds(Connection c, List<GroupDraft> drafts, List<Integer> fresh, long[] seqs, long[] ids)
      throws SQLException {
    Map<List<Long>, Integer> position = new HashMap<>();
    StringBuilder sql = new StringBuilder("SELECT group_id, seq, id FROM group_messages WHERE ");
    for (int k = 0; k < fresh.size(); k++) {
      position.put(List.of(drafts.get(fresh.get(k)).groupId(), seqs[fresh.get(k)]), k);
      sql.append(k == 0 ? "" : " OR ").append("(group_id = ? AND seq = ?)");
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (int i : fresh) {
        s.setLong(p++, drafts.get(i).groupId());
        s.setLong(p++, seqs[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids[position.get(List.of(rs.getLong(1), rs.getLong(2)))] = rs.getLong(3);
        }
      }
    }
  }

  // As BatchAppendTransaction's estimate: 6 bytes per char is a safe upper bound on the wire.
  private static long estimatedBytes(GroupDraft d) {
    return 6L * (d.text().length() + d.clientMsgId().length()) + 200;
  }

  private static String rows(String row, int n) {
    StringBuilder sql = new StringBuilder(n * (row.length() + 2));
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : ", ").append(row);
    }
    return sql.toString();
  }
}
