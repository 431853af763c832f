package dev.parley.storage.mysql.internal;

import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.JoinRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Column lists and row mappers of the group tables, with their aliases: {@code g} for
 * {@code chat_groups}, {@code gm} for {@code group_members}, {@code x} for {@code group_messages},
 * {@code r} for {@code group_join_requests}. The lists share no column name, so a join of groups and
 * members maps both from one row. Stateless and thread-safe.
 */
final class GroupRows {
  static final String GROUP_COLUMNS = "g.id, g.name, g.avatar_url, g.notice, g.owner_id, g.join_policy, "
      + "g.members_can_invite, g.mute_all, g.member_count, g.max_members, g.last_seq, g.created_at, g.dissolved";
  static final String MEMBER_COLUMNS = "gm.group_id, gm.user_id, gm.role AS member_role, gm.joined_seq, gm.read_seq, "
      + "gm.muted_until AS member_muted_until, gm.nickname, gm.remark, gm.joined_at";
  static final String MESSAGE_COLUMNS = "x.group_id AS x_group_id, x.seq AS x_seq, x.id AS x_id, x.sender_id, "
      + "x.client_msg_id, x.kind, x.text, x.sent_at, x.sent_at_nanos, x.target_ids, x.role AS x_role, "
      + "x.muted_until AS x_muted_until, x.target_seq AS x_target_seq, x.recalled AS x_recalled, "
      + "x.edited_at AS x_edited_at";
  static final String REQUEST_COLUMNS = "r.group_id, r.user_id, r.greeting, r.created_at";

  static final RowMapper<Group> GROUP = (rs, ctx) -> group(rs);
  static final RowMapper<GroupMember> MEMBER = (rs, ctx) -> member(rs);
  static final RowMapper<GroupMessage> MESSAGE = (rs, ctx) -> message(rs);
  static final RowMapper<JoinRequest> REQUEST = (rs, ctx) -> new JoinRequest(rs.getLong("group_id"),
      rs.getLong("user_id"), rs.getString("greeting"), instant(rs, "created_at"));

  private GroupRows() {}

  static Group group(ResultSet rs) throws SQLException {
    return new Group(rs.getLong("id"), rs.getString("name"), rs.getString("avatar_url"), rs.getString("notice"),
        rs.getLong("owner_id"), JoinPolicy.valueOf(rs.getString("join_policy")), rs.getBoolean("members_can_invite"),
        rs.getBoolean("mute_all"), rs.getInt("member_count"), rs.getInt("max_members"), rs.getLong("last_seq"),
        instant(rs, "created_at"), rs.getBoolean("dissolved"));
  }

  static GroupMember member(ResultSet rs) throws SQLException {
    return new GroupMember(rs.getLong("group_id"), rs.getLong("user_id"), GroupRole.valueOf(rs.getString("member_role")),
        rs.getLong("joined_seq"), rs.getLong("read_seq"), instant(rs, "member_muted_until"), rs.getString("nickname"),
        rs.getString("remark"), instant(rs, "joined_at"));
  }

  static GroupMessage message(ResultSet rs) throws SQLException {
    String clientMsgId = rs.getString("client_msg_id");
    String role = rs.getString("x_role");
    Instant sentAt = instant(rs, "sent_at").plusNanos(rs.getInt("sent_at_nanos"));
    return new GroupMessage(rs.getLong("x_group_id"), rs.getLong("x_seq"), rs.getLong("x_id"), rs.getLong("sender_id"),
        clientMsgId == null ? "" : clientMsgId, rs.getString("text"), sentAt, GroupMessageKind.valueOf(rs.getString("kind")),
        targets(rs.getString("target_ids")), role == null ? null : GroupRole.valueOf(role), instant(rs, "x_muted_until"),
        rs.getLong("x_target_seq"), rs.getBoolean("x_recalled"), instant(rs, "x_edited_at"));
  }

  /** {@code ids} as the target_ids column holds them; null for none. */
  static String targetColumn(List<Long> ids) {
    if (ids.isEmpty()) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    for (Long id : ids) {
      s.append(s.length() == 0 ? "" : ",").append(id);
    }
    return s.toString();
  }

  private static List<Long> targets(String column) {
    if (column == null || column.isEmpty()) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>();
    for (String id : column.split(",")) {
      ids.add(Long.parseLong(id));
    }
    return ids;
  }

  /** The DATETIME(6) column as an instant; null for NULL. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    return value == null ? null : SqlTime.fromDb(value);
  }
}
