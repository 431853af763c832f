package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The two steps every membership change of {@link MysqlGroupStore} takes inside its transaction:
 * lock the group row ({@code SELECT ... FOR UPDATE} on the primary key), which serialises the
 * change with the batched appends ({@link GroupAppendTransaction} locks the same rows) and every
 * other change of the group; then append its system entry at {@code last_seq + 1} and move the
 * counter in the same transaction, so the log stays gap-free. Stateless and thread-safe.
 */
final class GroupLog {
  private GroupLog() {}

  /** The group, locked until the transaction ends; {@code NOT_FOUND} when missing or dissolved. */
  static Group lock(Handle h, long groupId) {
    Group g = h.createQuery("SELECT " + GroupRows.GROUP_COLUMNS + " FROM chat_groups g WHERE g.id = :id FOR UPDATE")
        .bind("id", groupId).map(GroupRows.GROUP).findOne()
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " does not exist"));
    if (g.dissolved()) {
      throw new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " was dissolved");
    }
    return g;
  }

  /**
   * The group's last seq, read without a lock; {@code NOT_FOUND} when the group is missing or
   * dissolved. For writes that touch no log entry (a member's own cursor and names), whose member
   * row lock is enough: a dissolution deletes that row under its own lock.
   */
  static long lastSeq(Handle h, long groupId) {
    return h.createQuery("SELECT last_seq, dissolved FROM chat_groups WHERE id = :id").bind("id", groupId)
        .map((rs, ctx) -> rs.getBoolean("dissolved") ? -1L : rs.getLong("last_seq")).findOne()
        .filter(seq -> seq >= 0)
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " does not exist or was dissolved"));
  }

  /**
   * Appends a system entry to the locked group {@code g} at {@code g.lastSeq() + 1}, moving the
   * group's counter, activity time and member count (by {@code memberDelta}) with one update.
   */
  static GroupMessage append(Handle h, Group g, long actorId, GroupMessageKind kind, List<Long> targetIds,
      GroupRole role, Instant mutedUntil, Instant at, int memberDelta) {
    long seq = g.lastSeq() + 1;
    Instant until = mutedUntil == null ? null : mutedUntil.truncatedTo(ChronoUnit.MICROS);
    String atDb = SqlTime.toDb(at.truncatedTo(ChronoUnit.MICROS));
    h.createUpdate("UPDATE chat_groups SET last_seq = :seq, last_at = :at, member_count = member_count + :delta "
            + "WHERE id = :id")
        .bind("seq", seq).bind("at", atDb).bind("delta", memberDelta).bind("id", g.id()).execute();
    long id = h.createUpdate("INSERT INTO group_messages (group_id, seq, sender_id, client_msg_id, kind, text, sent_at, "
            + "sent_at_nanos, target_ids, role, muted_until) VALUES (:group, :seq, :sender, NULL, :kind, '', :at, :nanos, "
            + ":targets, :role, :until)")
        .bind("group", g.id()).bind("seq", seq).bind("sender", actorId).bind("kind", kind.name()).bind("at", atDb)
        .bind("nanos", at.getNano() % 1000).bind("targets", GroupRows.targetColumn(targetIds))
        .bind("role", role == null ? null : role.name())
        .bind("until", until == null ? null : SqlTime.toDb(until))
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    return new GroupMessage(g.id(), seq, id, actorId, "", "", at, kind, targetIds, role, until);
  }

  /** Returns {@code t} (null allowed), or BAD_REQUEST when a DATETIME column cannot hold it. */
  static Instant storable(String what, Instant t) {
    if (t != null && !SqlTime.storable(t)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, what + " " + t + " is outside " + SqlTime.MIN + ".." + SqlTime.MAX);
    }
    return t;
  }
}
