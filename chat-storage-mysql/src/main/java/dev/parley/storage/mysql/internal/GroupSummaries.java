package dev.parley.storage.mysql.internal;

import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link MysqlGroupStore#groupsOf}: three statements on one snapshot, none growing with the groups'
 * logs beyond the unread entries.
 * <ol>
 *   <li>The user's member rows ({@code ix_group_members_user}) joined to their groups by primary
 *       key, sorted by the groups' {@code last_at} (a sort of the user's groups, which the groups per
 *       user limit bounds; an index by activity would have to be rewritten in every member's row
 *       on every message, the write amplification the data model avoids).</li>
 *   <li>The last visible entry of each listed group: primary-key point look-ups
 *       {@code (group_id, last_seq)}.</li>
 *   <li>The unread counts: per group a primary-key range after the member's cursor, others' entries
 *       only, stopped at {@link GroupSummary#MAX_UNREAD} rows.</li>
 * </ol>
 * Stateless and thread-safe.
 */
final class GroupSummaries {
  private GroupSummaries() {}

  static List<GroupSummary> read(Handle h, long userId, int limit) {
    List<Map.Entry<Group, GroupMember>> page = h.createQuery("SELECT " + GroupRows.GROUP_COLUMNS + ", "
            + GroupRows.MEMBER_COLUMNS + " FROM group_members gm JOIN chat_groups g ON g.id = gm.group_id "
            + "WHERE gm.user_id = :user ORDER BY g.last_at DESC, g.id DESC LIMIT :limit")
        .bind("user", userId).bind("limit", limit)
        .map((rs, ctx) -> Map.entry(GroupRows.group(rs), GroupRows.member(rs))).list();
    List<Map.Entry<Group, GroupMember>> visible = new ArrayList<>();
    for (Map.Entry<Group, GroupMember> e : page) {
      if (e.getKey().lastSeq() > e.getValue().joinedSeq()) {
        visible.add(e);
      }
    }
    Map<Long, GroupMessage> last = lastEntries(h, visible);
    Map<Long, Integer> unread = unreadCounts(h, userId, visible);
    List<GroupSummary> out = new ArrayList<>(page.size());
    for (Map.Entry<Group, GroupMember> e : page) {
      long id = e.getKey().id();
      out.add(new GroupSummary(e.getKey(), e.getValue(), unread.getOrDefault(id, 0), last.get(id)));
    }
    return out;
  }

  private static Map<Long, GroupMessage> lastEntries(Handle h, List<Map.Entry<Group, GroupMember>> groups) {
    Map<Long, GroupMessage> last = new HashMap<>();
    if (groups.isEmpty()) {
      return last;
    }
    StringBuilder sql = new StringBuilder("SELECT " + GroupRows.MESSAGE_COLUMNS + " FROM group_messages x WHERE ");
    for (int i = 0; i < groups.size(); i++) {
      sql.append(i == 0 ? "" : " OR ").append("(x.group_id = :g").append(i).append(" AND x.seq = :s").append(i).append(')');
    }
    Query q = h.createQuery(sql.toString());
    for (int i = 0; i < groups.size(); i++) {
      q.bind("g" + i, groups.get(i).getKey().id()).bind("s" + i, groups.get(i).getKey().lastSeq());
    }
    q.map(GroupRows.MESSAGE).forEach(m -> last.put(m.groupId(), m));
    return last;
  }

  private static Map<Long, Integer> unreadCounts(Handle h, long userId, List<Map.Entry<Group, GroupMember>> groups) {
    Map<Long, Integer> unread = new HashMap<>();
    List<Map.Entry<Group, GroupMember>> behind = new ArrayList<>();
    for (Map.Entry<Group, GroupMember> e : groups) {
      if (e.getKey().lastSeq() > cursor(e.getValue())) {
        behind.add(e);
      }
    }
    if (behind.isEmpty()) {
      return unread;
    }
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < behind.size(); i++) {
      sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT :g").append(i).append(" AS group_id, COUNT(*) AS unread FROM ")
          .append("(SELECT 1 FROM group_messages WHERE group_id = :g").append(i).append(" AND seq > :p").append(i)
          .append(" AND sender_id <> :user AND kind NOT IN ('MESSAGE_RECALLED', 'MESSAGE_EDITED') LIMIT ").append(GroupSummary.MAX_UNREAD).append(") t").append(i);
    }
    Query q = h.createQuery(sql.toString()).bind("user", userId);
    for (int i = 0; i < behind.size(); i++) {
      q.bind("g" + i, behind.get(i).getKey().id()).bind("p" + i, cursor(behind.get(i).getValue()));
    }
    q.map((rs, ctx) -> Map.entry(rs.getLong("group_id"), rs.getInt("unread")))
        .forEach(e -> unread.put(e.getKey(), e.getValue()));
    return unread;
  }

  private static long cursor(GroupMember m) {
    return Math.max(m.readSeq(), m.joinedSeq());
  }
}
