package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupRevisionResult;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.NewGroup;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.GroupStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;

/**
 * {@link GroupStore} on {@code chat_groups}, {@code group_members}, {@code group_messages} and
 * {@code group_join_requests} (schema and indexes: {@code V8__groups.sql}).
 *
 * <p>Seqs: a group's row holds {@code last_seq}; every write to the log takes that row's lock first
 * and assigns seqs after it in the same transaction as the insert, so seqs are gap-free and commit
 * in order. Text appends are group-committed ({@link GroupAppendQueue}, {@link GroupAppendTransaction}:
 * one transaction per batch, one counter update for all its groups); membership changes are
 * ordinary transactions that lock the group row ({@link GroupLog}) and append their system entry.
 * Member rows change only under the group row's lock, so the batch's membership check, made under
 * the same lock, sees the membership of the moment of the append. Reads are single statements on
 * an index (or, for {@link #groupsOf}, one snapshot). Thread-safe.
 */
public final class MysqlGroupStore implements GroupStore {
  private static final String SELECT_MEMBER = "SELECT " + GroupRows.MEMBER_COLUMNS + " FROM group_members gm ";
  private static final String SELECT_MESSAGE = "SELECT " + GroupRows.MESSAGE_COLUMNS + " FROM group_messages x ";
  /** Longest greeting of a join request: the friend requests' limit (the SPI names none). */
  static final int MAX_GREETING = dev.parley.core.model.FriendRequest.MAX_GREETING;

  private final Transactions tx;
  private final GroupAppendQueue appender;

  /** A store on {@code tx} appending through {@code appender}, which stays the caller's to close. */
  public MysqlGroupStore(Transactions tx, GroupAppendQueue appender) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.appender = Objects.requireNonNull(appender, "appender");
  }

  @Override
  public Group create(NewGroup group, Instant at) {
    Objects.requireNonNull(group, "group");
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    Instant created = at.truncatedTo(ChronoUnit.MICROS);
    List<Long> all = new ArrayList<>();
    all.add(group.ownerId());
    all.addAll(group.memberIds());
    return tx.inTransaction("create group", h -> {
      long id = h.createUpdate("INSERT INTO chat_groups (name, avatar_url, notice, owner_id, join_policy, "
              + "members_can_invite, mute_all, member_count, max_members, last_seq, last_at, created_at) VALUES "
              + "(:name, :avatar, :notice, :owner, :policy, :invite, 0, 0, :max, 0, :at, :at)")
          .bind("name", group.name()).bind("avatar", group.avatarUrl()).bind("notice", group.notice())
          .bind("owner", group.ownerId()).bind("policy", group.joinPolicy().name())
          .bind("invite", group.membersCanInvite()).bind("max", group.maxMembers()).bind("at", SqlTime.toDb(created))
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      Group g = GroupLog.lock(h, id);
      insertMembers(h, id, all, 0, created, true);
      GroupLog.append(h, g, group.ownerId(), GroupMessageKind.GROUP_CREATED, all, null, null, at, all.size());
      return GroupLog.lock(h, id);
    });
  }

  /** Inserts the members in one statement; with {@code ownerFirst} the first one is the owner. */
  private static void insertMembers(Handle h, long groupId, List<Long> userIds, long joinedSeq, Instant at,
      boolean ownerFirst) {
    StringBuilder sql = new StringBuilder("INSERT INTO group_members (group_id, user_id, role, joined_seq, read_seq, "
        + "joined_at) VALUES ");
    for (int i = 0; i < userIds.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(:group, :u").append(i).append(", :r").append(i)
          .append(", :joined, :joined, :at)");
    }
    var update = h.createUpdate(sql.toString()).bind("group", groupId).bind("joined", joinedSeq)
        .bind("at", SqlTime.toDb(at.truncatedTo(ChronoUnit.MICROS)));
    for (int i = 0; i < userIds.size(); i++) {
      update.bind("u" + i, (long) userIds.get(i))
          .bind("r" + i, (ownerFirst && i == 0 ? GroupRole.OWNER : GroupRole.MEMBER).name());
    }
    update.execute();
  }

  @Override
  public Optional<Group> find(long groupId) {
    return tx.withHandle("find group", h -> h.createQuery("SELECT " + GroupRows.GROUP_COLUMNS
            + " FROM chat_groups g WHERE g.id = :id")
        .bind("id", groupId).map(GroupRows.GROUP).findOne());
  }

  @Override
  public Optional<GroupMember> member(long groupId, long userId) {
    return tx.withHandle("find group member", h -> member(h, groupId, userId, false));
  }

  private static Optional<GroupMember> member(Handle h, long groupId, long userId, boolean lock) {
    return h.createQuery(SELECT_MEMBER + "WHERE gm.group_id = :group AND gm.user_id = :user" + (lock ? " FOR UPDATE" : ""))
        .bind("group", groupId).bind("user", userId).map(GroupRows.MEMBER).findOne();
  }

  @Override
  public List<GroupMember> members(long groupId, long afterUserId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("list group members", h -> h.createQuery(SELECT_MEMBER
            + "WHERE gm.group_id = :group AND gm.user_id > :after ORDER BY gm.user_id LIMIT :limit")
        .bind("group", groupId).bind("after", afterUserId).bind("limit", limit).map(GroupRows.MEMBER).list());
  }

  @Override
  public long[] memberIds(long groupId) {
    return tx.withHandle("list group member ids", h -> memberIds(h, groupId));
  }

  private static long[] memberIds(Handle h, long groupId) {
    return h.createQuery("SELECT user_id FROM group_members WHERE group_id = :group ORDER BY user_id")
        .bind("group", groupId).mapTo(Long.class).stream().mapToLong(Long::longValue).toArray();
  }

  @Override
  public MembershipChange addMembers(long groupId, long actorId, Collection<Long> userIds, Instant at) {
    Objects.requireNonNull(userIds, "userIds");
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    Set<Long> asked = new LinkedHashSet<>();
    for (Long id : userIds) {
      asked.add(Validation.id("userId", id));
    }
    return tx.inTransaction("add group members", h -> {
      Group g = GroupLog.lock(h, groupId);
      if (asked.isEmpty()) {
        return new MembershipChange(List.of(), List.of(), null);
      }
      Set<Long> present = new HashSet<>(h.createQuery("SELECT user_id FROM group_members "
              + "WHERE group_id = :group AND user_id IN (<users>)")
          .bind("group", groupId).bindList("users", List.copyOf(asked)).mapTo(Long.class).list());
      List<Long> added = new ArrayList<>();
      List<Long> already = new ArrayList<>();
      for (Long id : asked) {
        (present.contains(id) ? already : added).add(id);
      }
      if (added.isEmpty()) {
        return new MembershipChange(List.of(), already, null);
      }
      if (g.memberCount() + added.size() > g.maxMembers()) {
        throw new ChatException(ErrorCode.GROUP_FULL, "group " + groupId + " has " + g.memberCount() + " of "
            + g.maxMembers() + " members; " + added.size() + " more do not fit");
      }
      insertMembers(h, groupId, added, g.lastSeq(), at, false);
      h.createUpdate("DELETE FROM group_join_requests WHERE group_id = :group AND user_id IN (<users>)")
          .bind("group", groupId).bindList("users", added).execute();
      GroupMessage entry = GroupLog.append(h, g, actorId, GroupMessageKind.MEMBERS_JOINED, added, null, null, at,
          added.size());
      return new MembershipChange(added, already, entry);
    });
  }

  @Override
  public Optional<GroupMessage> removeMember(long groupId, long actorId, long userId, GroupMessageKind kind, Instant at) {
    if (kind != GroupMessageKind.MEMBER_LEFT && kind != GroupMessageKind.MEMBER_KICKED) {
      throw new IllegalArgumentException("a removal is MEMBER_LEFT or MEMBER_KICKED, not " + kind);
    }
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    return tx.inTransaction("remove group member", h -> {
      Group g = GroupLog.lock(h, groupId);
      Optional<GroupMember> m = member(h, groupId, userId, false);
      if (m.isEmpty()) {
        return Optional.<GroupMessage>empty();
      }
      if (m.get().role() == GroupRole.OWNER) {
        throw new ChatException(ErrorCode.NOT_ALLOWED, "user " + userId + " owns group " + groupId
            + " and cannot be removed; transfer the ownership or dissolve the group");
      }
      h.createUpdate("DELETE FROM group_members WHERE group_id = :group AND user_id = :user")
          .bind("group", groupId).bind("user", userId).execute();
      return Optional.of(GroupLog.append(h, g, actorId, kind, List.of(userId), null, null, at, -1));
    });
  }

  @Override
  public Optional<GroupMessage> setRole(long groupId, long actorId, long userId, GroupRole role, Instant at) {
    Objects.requireNonNull(role, "role");
    if (role == GroupRole.OWNER) {
      throw new IllegalArgumentException("OWNER is given by transferOwnership, not setRole");
    }
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    return tx.inTransaction("set group member role", h -> {
      Group g = GroupLog.lock(h, groupId);
      Optional<GroupMember> m = member(h, groupId, userId, false);
      if (m.isEmpty()) {
        return Optional.<GroupMessage>empty();
      }
      if (m.get().role() == GroupRole.OWNER) {
        throw new ChatException(ErrorCode.NOT_ALLOWED, "user " + userId + " owns group " + groupId
            + "; its role changes only by a transfer of ownership");
      }
      setMemberRole(h, groupId, userId, role);
      return Optional.of(GroupLog.append(h, g, actorId, GroupMessageKind.ROLE_CHANGED, List.of(userId), role, null, at, 0));
    });
  }

  private static void setMemberRole(Handle h, long groupId, long userId, GroupRole role) {
    h.createUpdate("UPDATE group_members SET role = :role WHERE group_id = :group AND user_id = :user")
        .bind("role", role.name()).bind("group", groupId).bind("user", userId).execute();
  }

  @Override
  public Optional<GroupMessage> transferOwnership(long groupId, long ownerId, long newOwnerId, Instant at) {
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    return tx.inTransaction("transfer group ownership", h -> {
      Group g = GroupLog.lock(h, groupId);
      if (g.ownerId() != ownerId) {
        throw new ChatException(ErrorCode.NOT_ALLOWED, "user " + ownerId + " does not own group " + groupId
            + " (user " + g.ownerId() + " does)");
      }
      if (member(h, groupId, newOwnerId, false).isEmpty()) {
        return Optional.<GroupMessage>empty();
      }
      if (newOwnerId != ownerId) {
        setMemberRole(h, groupId, ownerId, GroupRole.ADMIN);
        setMemberRole(h, groupId, newOwnerId, GroupRole.OWNER);
        h.createUpdate("UPDATE chat_groups SET owner_id = :owner WHERE id = :id")
            .bind("owner", newOwnerId).bind("id", groupId).execute();
      }
      return Optional.of(GroupLog.append(h, g, ownerId, GroupMessageKind.OWNERSHIP_TRANSFERRED, List.of(newOwnerId),
          null, null, at, 0));
    });
  }

  @Override
  public Optional<GroupMessage> mute(long groupId, long actorId, long userId, Instant until, Instant at) {
    GroupLog.storable("until", until);
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    Instant micros = until == null ? null : until.truncatedTo(ChronoUnit.MICROS);
    return tx.inTransaction("mute group member", h -> {
      Group g = GroupLog.lock(h, groupId);
      if (member(h, groupId, userId, false).isEmpty()) {
        return Optional.<GroupMessage>empty();
      }
      h.createUpdate("UPDATE group_members SET muted_until = :until WHERE group_id = :group AND user_id = :user")
          .bind("until", micros == null ? null : SqlTime.toDb(micros)).bind("group", groupId).bind("user", userId)
          .execute();
      return Optional.of(GroupLog.append(h, g, actorId, GroupMessageKind.MEMBER_MUTED, List.of(userId), null, micros,
          at, 0));
    });
  }

  @Override
  public GroupMessage update(long groupId, long actorId, GroupUpdate update, Instant at) {
    Objects.requireNonNull(update, "update");
    if (update.isEmpty()) {
      throw new IllegalArgumentException("the update of group " + groupId + " changes nothing");
    }
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    return tx.inTransaction("update group", h -> {
      Group g = GroupLog.lock(h, groupId);
      h.createUpdate("UPDATE chat_groups SET name = COALESCE(:name, name), avatar_url = COALESCE(:avatar, avatar_url), "
              + "notice = COALESCE(:notice, notice), join_policy = COALESCE(:policy, join_policy), "
              + "members_can_invite = COALESCE(:invite, members_can_invite), mute_all = COALESCE(:muteAll, mute_all) "
              + "WHERE id = :id")
          .bind("name", update.name()).bind("avatar", update.avatarUrl()).bind("notice", update.notice())
          .bind("policy", update.joinPolicy() == null ? null : update.joinPolicy().name())
          .bind("invite", update.membersCanInvite()).bind("muteAll", update.muteAll()).bind("id", groupId).execute();
      return GroupLog.append(h, g, actorId, GroupMessageKind.GROUP_INFO_UPDATED, List.of(), null, null, at, 0);
    });
  }

  /**
   * One transaction under the group row's lock ({@link GroupLog#lock}, as every write to the log):
   * the actor's membership and the target entry are read under it, the entry's row updated (recall:
   * text emptied; edit: new text and edit time) and the system entry appended at the next seq.
   */
  @Override
  public Optional<GroupRevisionResult> revise(long groupId, long actorId, long targetSeq, RevisionKind kind,
      String text, Instant at) {
    Objects.requireNonNull(kind, "kind");
    if (kind == RevisionKind.DELETED) {
      throw new IllegalArgumentException("a group entry is recalled or edited, not deleted");
    }
    String newText = kind == RevisionKind.EDITED ? Objects.requireNonNull(text, "text") : "";
    Instant when = GroupLog.storable("at", Objects.requireNonNull(at, "at")).truncatedTo(ChronoUnit.MICROS);
    if (find(groupId).isEmpty()) {
      return Optional.empty();
    }
    return tx.inTransaction("revise group message", h -> {
      Group g = GroupLog.lock(h, groupId);
      if (member(h, groupId, actorId, false).isEmpty()) {
        throw new ChatException(ErrorCode.NOT_A_MEMBER, "user " + actorId + " is not a member of group " + groupId);
      }
      Optional<GroupMessage> found = h.createQuery(SELECT_MESSAGE + "WHERE x.group_id = :group AND x.seq = :seq")
          .bind("group", groupId).bind("seq", targetSeq).map(GroupRows.MESSAGE).findOne()
          .filter(m -> m.kind() == GroupMessageKind.TEXT);
      if (found.isEmpty()) {
        return Optional.<GroupRevisionResult>empty();
      }
      GroupMessage target = found.get();
      if (target.recalled()) {
        if (kind == RevisionKind.RECALLED) {
          return Optional.of(new GroupRevisionResult(target, null, true));
        }
        throw new ChatException(ErrorCode.NOT_ALLOWED, "message " + targetSeq + " of group " + groupId
            + " was recalled and cannot be edited");
      }
      if (kind == RevisionKind.RECALLED) {
        h.createUpdate("UPDATE group_messages SET recalled = 1, text = '' WHERE group_id = :group AND seq = :seq")
            .bind("group", groupId).bind("seq", targetSeq).execute();
      } else {
        h.createUpdate("UPDATE group_messages SET text = :text, edited_at = :at WHERE group_id = :group AND seq = :seq")
            .bind("text", newText).bind("at", SqlTime.toDb(when)).bind("group", groupId).bind("seq", targetSeq)
            .execute();
      }
      GroupMessageKind entryKind = kind == RevisionKind.RECALLED ? GroupMessageKind.MESSAGE_RECALLED
          : GroupMessageKind.MESSAGE_EDITED;
      long seq = g.lastSeq() + 1;
      String atDb = SqlTime.toDb(when);
      h.createUpdate("UPDATE chat_groups SET last_seq = :seq, last_at = :at WHERE id = :id")
          .bind("seq", seq).bind("at", atDb).bind("id", groupId).execute();
      long id = h.createUpdate("INSERT INTO group_messages (group_id, seq, sender_id, client_msg_id, kind, text, "
              + "sent_at, sent_at_nanos, target_seq) VALUES (:group, :seq, :sender, NULL, :kind, :text, :at, 0, :target)")
          .bind("group", groupId).bind("seq", seq).bind("sender", actorId).bind("kind", entryKind.name())
          .bind("text", newText).bind("at", atDb).bind("target", targetSeq)
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      GroupMessage revised = kind == RevisionKind.RECALLED ? target.asRecalled() : target.asEdited(newText, when);
      return Optional.of(new GroupRevisionResult(revised,
          GroupMessage.revision(groupId, seq, id, actorId, entryKind, targetSeq, newText, when), false));
    });
  }

  @Override
  public Optional<GroupMember> updateMembership(long groupId, long userId, String nickname, String remark) {
    String nick = nickname == null ? null : Validation.optionalText("nickname", nickname, GroupMember.MAX_NICKNAME);
    String rem = remark == null ? null : Validation.optionalText("remark", remark, GroupMember.MAX_NICKNAME);
    return tx.inTransaction("update group membership", h -> {
      GroupLog.lastSeq(h, groupId);
      if (member(h, groupId, userId, true).isEmpty()) {
        return Optional.<GroupMember>empty();
      }
      h.createUpdate("UPDATE group_members SET nickname = COALESCE(:nick, nickname), remark = COALESCE(:remark, remark) "
              + "WHERE group_id = :group AND user_id = :user")
          .bind("nick", nick).bind("remark", rem).bind("group", groupId).bind("user", userId).execute();
      return member(h, groupId, userId, false);
    });
  }

  @Override
  public Dissolution dissolve(long groupId, long actorId, Instant at) {
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    return tx.inTransaction("dissolve group", h -> {
      Group g = GroupLog.lock(h, groupId);
      long[] former = memberIds(h, groupId);
      GroupMessage entry = GroupLog.append(h, g, actorId, GroupMessageKind.GROUP_DISSOLVED, List.of(), null, null, at,
          -g.memberCount());
      h.createUpdate("DELETE FROM group_members WHERE group_id = :group").bind("group", groupId).execute();
      h.createUpdate("DELETE FROM group_join_requests WHERE group_id = :group").bind("group", groupId).execute();
      h.createUpdate("UPDATE chat_groups SET dissolved = 1, member_count = 0 WHERE id = :id").bind("id", groupId).execute();
      return new Dissolution(entry, former);
    });
  }

  /** Waits on the caller's thread for {@link #appendAsync}; same exceptions, raised here. */
  @Override
  public GroupAppendResult append(long groupId, long senderId, String clientMsgId, String text, Instant sentAt) {
    return appender.append(GroupDraft.of(groupId, senderId, clientMsgId, text, sentAt));
  }

  /**
   * Queues the append for the group commit and returns at once; the future completes when its batch
   * has committed, on an append writer thread (dependent stages must not block). All appends of one
   * group go through one writer, in queue order. Fails at once with {@code UNAVAILABLE} when the
   * queue is full, and invalid arguments fail the future too.
   */
  @Override
  public CompletableFuture<GroupAppendResult> appendAsync(long groupId, long senderId, String clientMsgId, String text,
      Instant sentAt) {
    GroupDraft draft;
    try {
      draft = GroupDraft.of(groupId, senderId, clientMsgId, text, sentAt);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return appender.appendAsync(draft);
  }

  @Override
  public List<GroupMessage> readAfter(long groupId, long afterSeq, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("read group log", h -> h.createQuery(SELECT_MESSAGE
            + "WHERE x.group_id = :group AND x.seq > :after ORDER BY x.seq LIMIT :limit")
        .bind("group", groupId).bind("after", afterSeq).bind("limit", limit).map(GroupRows.MESSAGE).list());
  }

  @Override
  public List<GroupMessage> readBefore(long groupId, long beforeSeq, long floorSeq, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("read group history", h -> h.createQuery(SELECT_MESSAGE
            + "WHERE x.group_id = :group AND x.seq < :before AND x.seq > :floor ORDER BY x.seq DESC LIMIT :limit")
        .bind("group", groupId).bind("before", beforeSeq <= 0 ? Long.MAX_VALUE : beforeSeq).bind("floor", floorSeq)
        .bind("limit", limit).map(GroupRows.MESSAGE).list());
  }

  /**
   * Locks the member row only: the group's {@code last_seq} is read without a lock (it only grows,
   * so the clamp is to a value the log really reached), and acks never wait for appends.
   */
  @Override
  public AckResult ack(long groupId, long userId, long upToSeq) {
    return tx.inTransaction("ack group", h -> {
      long last = GroupLog.lastSeq(h, groupId);
      GroupMember m = member(h, groupId, userId, true).orElseThrow(() -> new ChatException(ErrorCode.NOT_A_MEMBER,
          "user " + userId + " is not a member of group " + groupId));
      long next = Math.max(m.readSeq(), Math.min(upToSeq, last));
      if (next == m.readSeq()) {
        return AckResult.unchanged(next);
      }
      h.createUpdate("UPDATE group_members SET read_seq = :seq WHERE group_id = :group AND user_id = :user")
          .bind("seq", next).bind("group", groupId).bind("user", userId).execute();
      return new AckResult(m.readSeq(), next);
    });
  }

  @Override
  public int readCount(long groupId, long seq) {
    return tx.withHandle("count group readers", h -> h.createQuery("SELECT COUNT(*) FROM group_members "
            + "WHERE group_id = :group AND read_seq >= :seq AND joined_seq < :seq")
        .bind("group", groupId).bind("seq", seq).mapTo(Integer.class).one());
  }

  @Override
  public List<GroupSummary> groupsOf(long userId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.readSnapshot("list groups", h -> GroupSummaries.read(h, userId, limit));
  }

  @Override
  public int groupCount(long userId) {
    return tx.withHandle("count groups", h -> h.createQuery("SELECT COUNT(*) FROM group_members WHERE user_id = :user")
        .bind("user", userId).mapTo(Integer.class).one());
  }

  @Override
  public JoinRequest requestJoin(long groupId, long userId, String greeting, Instant at) {
    Validation.id("userId", userId);
    String text = Validation.optionalText("greeting", greeting, MAX_GREETING);
    GroupLog.storable("at", Objects.requireNonNull(at, "at"));
    Instant micros = at.truncatedTo(ChronoUnit.MICROS);
    return tx.inTransaction("request to join group", h -> {
      // A shared lock: no dissolution can commit between the check and the insert.
      Group g = h.createQuery("SELECT " + GroupRows.GROUP_COLUMNS + " FROM chat_groups g WHERE g.id = :id LOCK IN SHARE MODE")
          .bind("id", groupId).map(GroupRows.GROUP).findOne()
          .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " does not exist"));
      if (g.dissolved()) {
        throw new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " was dissolved");
      }
      h.createUpdate("INSERT INTO group_join_requests (group_id, user_id, greeting, created_at) "
              + "VALUES (:group, :user, :greeting, :at) ON DUPLICATE KEY UPDATE greeting = :greeting, created_at = :at")
          .bind("group", groupId).bind("user", userId).bind("greeting", text).bind("at", SqlTime.toDb(micros)).execute();
      return new JoinRequest(groupId, userId, text, micros);
    });
  }

  @Override
  public Optional<JoinRequest> joinRequest(long groupId, long userId) {
    return tx.withHandle("find join request", h -> h.createQuery("SELECT " + GroupRows.REQUEST_COLUMNS
            + " FROM group_join_requests r WHERE r.group_id = :group AND r.user_id = :user")
        .bind("group", groupId).bind("user", userId).map(GroupRows.REQUEST).findOne());
  }

  @Override
  public boolean removeJoinRequest(long groupId, long userId) {
    return tx.inTransaction("remove join request", h -> h.createUpdate("DELETE FROM group_join_requests "
            + "WHERE group_id = :group AND user_id = :user")
        .bind("group", groupId).bind("user", userId).execute() > 0);
  }

  @Override
  public List<JoinRequest> joinRequests(long groupId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("list join requests", h -> h.createQuery("SELECT " + GroupRows.REQUEST_COLUMNS
            + " FROM group_join_requests r WHERE r.group_id = :group ORDER BY r.created_at, r.user_id LIMIT :limit")
        .bind("group", groupId).bind("limit", limit).map(GroupRows.REQUEST).list());
  }

  @Override
  public int joinRequestCount(long groupId) {
    return tx.withHandle("count join requests", h -> h.createQuery("SELECT COUNT(*) FROM group_join_requests "
            + "WHERE group_id = :group")
        .bind("group", groupId).mapTo(Integer.class).one());
  }
}
