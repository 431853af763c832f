package dev.parley.core.memory;

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
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.NewGroup;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.NonBlocking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link GroupStore} in memory, one monitor per group.
 *
 * <p>Thread-safe. Every operation on a group holds only that group's monitor, for in-memory work of
 * a few microseconds (no I/O, no second group's monitor, no callback), so groups never contend with
 * each other and a group's changes are serialised: the seq of an entry is drawn, the entry stored
 * and the membership changed in one step under the monitor, which makes the log gap-free, makes
 * the member limit, the single owner and the (sender, client message id) de-duplication hold under
 * any interleaving, and lets readers see a change with its entry or neither. Message ids come from
 * one store-wide counter, drawn under the group's monitor, so within a group id order is seq order.
 *
 * <p>Layout per group: the log is a growable array of {@link GroupMessage}s indexed by seq - 1 (a
 * text entry holds nothing but the record); the de-duplication index is an open-addressing table of
 * {@code int} seqs hashed by (sender, client message id), compared against the entries themselves,
 * so it costs 4-8 bytes per text message and no object; members are a {@link TreeMap} by user id
 * (paging in id order). A per-user set of group ids, changed under the group's monitor, serves
 * {@link #groupsOf} and {@link #groupCount}. Dissolved groups keep their info and log, nothing else.
 */
public final class InMemoryGroupStore implements GroupStore, NonBlocking {
  private final StripedLongMap<GroupState> groups = new StripedLongMap<>();
  private final ConcurrentHashMap<Long, Set<Long>> groupsByUser = new ConcurrentHashMap<>();
  private final AtomicLong lastGroupId = new AtomicLong();
  private final AtomicLong lastMessageId = new AtomicLong();

  @Override
  public Group create(NewGroup group, Instant at) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(at, "at");
    GroupState g = new GroupState(lastGroupId.incrementAndGet(), group, at);
    synchronized (g) {
      List<Long> targets = new ArrayList<>(group.memberIds().size() + 1);
      targets.add(group.ownerId());
      targets.addAll(group.memberIds());
      g.putMember(new GroupMember(g.id, group.ownerId(), GroupRole.OWNER, 0, 0, null, "", "", at));
      for (long userId : group.memberIds()) {
        g.putMember(new GroupMember(g.id, userId, GroupRole.MEMBER, 0, 0, null, "", "", at));
      }
      g.appendSystem(GroupMessageKind.GROUP_CREATED, group.ownerId(), at, targets, null, null);
      groups.put(g.id, g);
      return g.snapshot();
    }
  }

  @Override
  public Optional<Group> find(long groupId) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return Optional.empty();
    }
    synchronized (g) {
      return Optional.of(g.snapshot());
    }
  }

  @Override
  public Optional<GroupMember> member(long groupId, long userId) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return Optional.empty();
    }
    synchronized (g) {
      return Optional.ofNullable(g.members.get(userId));
    }
  }

  @Override
  public List<GroupMember> members(long groupId, long afterUserId, int limit) {
    GroupState g = groups.get(groupId);
    if (g == null || limit <= 0) {
      return List.of();
    }
    synchronized (g) {
      List<GroupMember> page = new ArrayList<>(Math.min(limit, g.members.size()));
      for (GroupMember m : g.members.tailMap(afterUserId, false).values()) {
        if (page.size() == limit) {
          break;
        }
        page.add(m);
      }
      return page;
    }
  }

  @Override
  public long[] memberIds(long groupId) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return new long[0];
    }
    synchronized (g) {
      long[] ids = new long[g.members.size()];
      int i = 0;
      for (long id : g.members.keySet()) {
        ids[i++] = id;
      }
      return ids;
    }
  }

  @Override
  public MembershipChange addMembers(long groupId, long actorId, Collection<Long> userIds, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(at, "at");
    Set<Long> asked = new LinkedHashSet<>(userIds);
    for (long id : asked) {
      Validation.id("userId", id);
    }
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      List<Long> added = new ArrayList<>();
      List<Long> already = new ArrayList<>();
      for (long id : asked) {
        (g.members.containsKey(id) ? already : added).add(id);
      }
      if (added.isEmpty()) {
        return new MembershipChange(added, already, null);
      }
      if (g.members.size() + added.size() > g.maxMembers) {
        throw new ChatException(ErrorCode.GROUP_FULL, "adding " + added.size() + " to group " + groupId + " with "
            + g.members.size() + " of " + g.maxMembers + " members would pass its limit");
      }
      GroupMessage entry = g.appendSystem(GroupMessageKind.MEMBERS_JOINED, actorId, at, added, null, null);
      long joinedSeq = entry.seq() - 1;
      for (long id : added) {
        g.putMember(new GroupMember(groupId, id, GroupRole.MEMBER, joinedSeq, joinedSeq, null, "", "", at));
        if (g.joinRequests != null) {
          g.joinRequests.remove(id);
        }
      }
      return new MembershipChange(added, already, entry);
    }
  }

  @Override
  public Optional<GroupMessage> removeMember(long groupId, long actorId, long userId, GroupMessageKind kind,
      Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(at, "at");
    if (kind != GroupMessageKind.MEMBER_LEFT && kind != GroupMessageKind.MEMBER_KICKED) {
      throw new IllegalArgumentException("a removal is MEMBER_LEFT or MEMBER_KICKED, not " + kind);
    }
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      if (userId == g.ownerId) {
        throw new ChatException(ErrorCode.NOT_ALLOWED,
            "user " + userId + " owns group " + groupId + " and cannot be removed; transfer the ownership first");
      }
      if (!g.members.containsKey(userId)) {
        return Optional.empty();
      }
      g.removeMember(userId);
      return Optional.of(g.appendSystem(kind, actorId, at, List.of(userId), null, null));
    }
  }

  @Override
  public Optional<GroupMessage> setRole(long groupId, long actorId, long userId, GroupRole role, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(at, "at");
    if (role == GroupRole.OWNER) {
      throw new IllegalArgumentException("setRole does not make owners; use transferOwnership");
    }
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      if (userId == g.ownerId) {
        throw new ChatException(ErrorCode.NOT_ALLOWED,
            "user " + userId + " owns group " + groupId + "; its role changes only by a transfer of ownership");
      }
      GroupMember m = g.members.get(userId);
      if (m == null) {
        return Optional.empty();
      }
      g.putMember(new GroupMember(groupId, userId, role, m.joinedSeq(), m.readSeq(), m.mutedUntil(), m.nickname(),
          m.remark(), m.joinedAt()));
      return Optional.of(g.appendSystem(GroupMessageKind.ROLE_CHANGED, actorId, at, List.of(userId), role, null));
    }
  }

  @Override
  public Optional<GroupMessage> transferOwnership(long groupId, long ownerId, long newOwnerId, Instant at) {
    Objects.requireNonNull(at, "at");
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      if (ownerId != g.ownerId) {
        throw new ChatException(ErrorCode.NOT_ALLOWED,
            "user " + ownerId + " does not own group " + groupId + " (user " + g.ownerId + " does)");
      }
      if (newOwnerId == ownerId) {
        throw new IllegalArgumentException("user " + ownerId + " already owns group " + groupId);
      }
      GroupMember heir = g.members.get(newOwnerId);
      if (heir == null) {
        return Optional.empty();
      }
      GroupMember old = g.members.get(ownerId);
      g.putMember(new GroupMember(groupId, ownerId, GroupRole.ADMIN, old.joinedSeq(), old.readSeq(), old.mutedUntil(),
          old.nickname(), old.remark(), old.joinedAt()));
      g.putMember(new GroupMember(groupId, newOwnerId, GroupRole.OWNER, heir.joinedSeq(), heir.readSeq(),
          heir.mutedUntil(), heir.nickname(), heir.remark(), heir.joinedAt()));
      g.ownerId = newOwnerId;
      return Optional.of(
          g.appendSystem(GroupMessageKind.OWNERSHIP_TRANSFERRED, ownerId, at, List.of(newOwnerId), null, null));
    }
  }

  @Override
  public Optional<GroupMessage> mute(long groupId, long actorId, long userId, Instant until, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(at, "at");
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      GroupMember m = g.members.get(userId);
      if (m == null) {
        return Optional.empty();
      }
      g.putMember(new GroupMember(groupId, userId, m.role(), m.joinedSeq(), m.readSeq(), until, m.nickname(),
          m.remark(), m.joinedAt()));
      return Optional.of(g.appendSystem(GroupMessageKind.MEMBER_MUTED, actorId, at, List.of(userId), null, until));
    }
  }

  @Override
  public GroupMessage update(long groupId, long actorId, GroupUpdate update, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(at, "at");
    if (update.isEmpty()) {
      throw new IllegalArgumentException("an update of group " + groupId + " changes nothing");
    }
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      if (update.name() != null) {
        g.name = update.name();
      }
      if (update.avatarUrl() != null) {
        g.avatarUrl = update.avatarUrl();
      }
      if (update.notice() != null) {
        g.notice = update.notice();
      }
      if (update.joinPolicy() != null) {
        g.joinPolicy = update.joinPolicy();
      }
      if (update.membersCanInvite() != null) {
        g.membersCanInvite = update.membersCanInvite();
      }
      if (update.muteAll() != null) {
        g.muteAll = update.muteAll();
      }
      return g.appendSystem(GroupMessageKind.GROUP_INFO_UPDATED, actorId, at, List.of(), null, null);
    }
  }

  @Override
  public Optional<GroupMember> updateMembership(long groupId, long userId, String nickname, String remark) {
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      GroupMember m = g.members.get(userId);
      if (m == null) {
        return Optional.empty();
      }
      GroupMember changed = new GroupMember(groupId, userId, m.role(), m.joinedSeq(), m.readSeq(), m.mutedUntil(),
          nickname != null ? nickname : m.nickname(), remark != null ? remark : m.remark(), m.joinedAt());
      g.putMember(changed);
      return Optional.of(changed);
    }
  }

  @Override
  public Dissolution dissolve(long groupId, long actorId, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(at, "at");
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      GroupMessage entry = g.appendSystem(GroupMessageKind.GROUP_DISSOLVED, actorId, at, List.of(), null, null);
      long[] former = new long[g.members.size()];
      int i = 0;
      for (long id : g.members.keySet()) {
        former[i++] = id;
      }
      for (long id : former) {
        g.removeMember(id);
      }
      g.joinRequests = null;
      g.dissolved = true;
      g.sent = null; // no append can follow, so no duplicate can be asked for
      return new Dissolution(entry, former);
    }
  }

  @Override
  public GroupAppendResult append(long groupId, long senderId, String clientMsgId, String text, Instant sentAt) {
    Validation.id("senderId", senderId);
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      GroupMessage earlier = g.findSent(senderId, clientMsgId);
      if (earlier != null) {
        return new GroupAppendResult(earlier, true);
      }
      if (!g.members.containsKey(senderId)) {
        throw new ChatException(ErrorCode.NOT_A_MEMBER, "user " + senderId + " is not a member of group " + groupId);
      }
      GroupMessage m = GroupMessage.text(groupId, g.size + 1, lastMessageId.incrementAndGet(), senderId, clientMsgId,
          text, sentAt);
      g.add(m);
      g.indexSent(m);
      return new GroupAppendResult(m, false);
    }
  }

  @Override
  public Optional<GroupRevisionResult> revise(long groupId, long actorId, long targetSeq, RevisionKind kind,
      String text, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    if (kind == RevisionKind.DELETED) {
      throw new IllegalArgumentException("a group entry is recalled or edited, not deleted");
    }
    String newText = kind == RevisionKind.EDITED ? Objects.requireNonNull(text, "text") : "";
    GroupState g = groups.get(groupId);
    if (g == null) {
      return Optional.empty();
    }
    synchronized (g) {
      g.checkLive();
      if (!g.members.containsKey(actorId)) {
        throw new ChatException(ErrorCode.NOT_A_MEMBER, "user " + actorId + " is not a member of group " + groupId);
      }
      if (targetSeq < 1 || targetSeq > g.size || g.log[(int) (targetSeq - 1)].kind() != GroupMessageKind.TEXT) {
        return Optional.empty();
      }
      GroupMessage target = g.log[(int) (targetSeq - 1)];
      if (target.recalled()) {
        if (kind == RevisionKind.RECALLED) {
          return Optional.of(new GroupRevisionResult(target, null, true));
        }
        throw new ChatException(ErrorCode.NOT_ALLOWED, "message " + targetSeq + " of group " + groupId
            + " was recalled and cannot be edited");
      }
      GroupMessage revised = kind == RevisionKind.RECALLED ? target.asRecalled() : target.asEdited(newText, at);
      g.log[(int) (targetSeq - 1)] = revised; // same sender and client message id: the sent index still holds
      GroupMessage entry = GroupMessage.revision(groupId, g.size + 1, lastMessageId.incrementAndGet(), actorId,
          kind == RevisionKind.RECALLED ? GroupMessageKind.MESSAGE_RECALLED : GroupMessageKind.MESSAGE_EDITED,
          targetSeq, newText, at);
      g.add(entry);
      return Optional.of(new GroupRevisionResult(revised, entry, false));
    }
  }

  @Override
  public List<GroupMessage> readAfter(long groupId, long afterSeq, int limit) {
    GroupState g = groups.get(groupId);
    if (g == null || limit <= 0) {
      return List.of();
    }
    synchronized (g) {
      long from = Math.max(afterSeq, 0);
      if (from >= g.size) {
        return List.of();
      }
      int n = (int) Math.min(limit, g.size - from);
      return List.of(Arrays.copyOfRange(g.log, (int) from, (int) from + n));
    }
  }

  @Override
  public List<GroupMessage> readBefore(long groupId, long beforeSeq, long floorSeq, int limit) {
    GroupState g = groups.get(groupId);
    if (g == null || limit <= 0) {
      return List.of();
    }
    synchronized (g) {
      long top = beforeSeq <= 0 ? g.size : Math.min(beforeSeq - 1, g.size);
      long bottom = Math.max(floorSeq, 0) + 1;
      List<GroupMessage> page = new ArrayList<>((int) Math.max(0, Math.min(limit, top - bottom + 1)));
      for (long seq = top; seq >= bottom && page.size() < limit; seq--) {
        page.add(g.log[(int) (seq - 1)]);
      }
      return page;
    }
  }

  @Override
  public AckResult ack(long groupId, long userId, long upToSeq) {
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      GroupMember m = g.members.get(userId);
      if (m == null) {
        throw new ChatException(ErrorCode.NOT_A_MEMBER, "user " + userId + " is not a member of group " + groupId);
      }
      long raised = Math.max(m.readSeq(), Math.min(upToSeq, g.size));
      if (raised > m.readSeq()) {
        g.putMember(new GroupMember(groupId, userId, m.role(), m.joinedSeq(), raised, m.mutedUntil(), m.nickname(),
            m.remark(), m.joinedAt()));
      }
      return new AckResult(m.readSeq(), raised);
    }
  }

  @Override
  public int readCount(long groupId, long seq) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return 0;
    }
    synchronized (g) {
      int count = 0;
      for (GroupMember m : g.members.values()) {
        if (m.readSeq() >= seq && m.joinedSeq() < seq) {
          count++;
        }
      }
      return count;
    }
  }

  @Override
  public List<GroupSummary> groupsOf(long userId, int limit) {
    Set<Long> ids = groupsByUser.get(userId);
    if (ids == null || limit <= 0) {
      return List.of();
    }
    // First the order, one short look at each group; then the summaries of the first ones.
    record Activity(GroupState group, Instant lastAt, long lastId) {}
    List<Activity> activity = new ArrayList<>(ids.size());
    for (long id : ids) {
      GroupState g = groups.get(id);
      if (g == null) {
        continue;
      }
      synchronized (g) {
        if (g.members.containsKey(userId)) {
          GroupMessage last = g.log[g.size - 1];
          activity.add(new Activity(g, last.sentAt(), last.id()));
        }
      }
    }
    activity.sort(Comparator.comparing(Activity::lastAt).thenComparingLong(Activity::lastId).reversed());
    List<GroupSummary> summaries = new ArrayList<>(Math.min(limit, activity.size()));
    for (Activity a : activity) {
      if (summaries.size() == limit) {
        break;
      }
      GroupState g = a.group();
      synchronized (g) {
        GroupMember self = g.members.get(userId);
        if (self != null) { // it may have left since the first look
          summaries.add(new GroupSummary(g.snapshot(), self, g.unread(self), g.log[g.size - 1]));
        }
      }
    }
    return summaries;
  }

  @Override
  public int groupCount(long userId) {
    Set<Long> ids = groupsByUser.get(userId);
    return ids == null ? 0 : ids.size();
  }

  @Override
  public JoinRequest requestJoin(long groupId, long userId, String greeting, Instant at) {
    JoinRequest request = new JoinRequest(groupId, userId, greeting, at);
    GroupState g = live(groupId);
    synchronized (g) {
      g.checkLive();
      if (g.joinRequests == null) {
        g.joinRequests = new LinkedHashMap<>();
      }
      g.joinRequests.remove(userId); // a renewal moves to the end
      g.joinRequests.put(userId, request);
      return request;
    }
  }

  @Override
  public Optional<JoinRequest> joinRequest(long groupId, long userId) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return Optional.empty();
    }
    synchronized (g) {
      return g.joinRequests == null ? Optional.empty() : Optional.ofNullable(g.joinRequests.get(userId));
    }
  }

  @Override
  public boolean removeJoinRequest(long groupId, long userId) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return false;
    }
    synchronized (g) {
      return g.joinRequests != null && g.joinRequests.remove(userId) != null;
    }
  }

  @Override
  public List<JoinRequest> joinRequests(long groupId, int limit) {
    GroupState g = groups.get(groupId);
    if (g == null || limit <= 0) {
      return List.of();
    }
    List<JoinRequest> all;
    synchronized (g) {
      if (g.joinRequests == null) {
        return List.of();
      }
      all = new ArrayList<>(g.joinRequests.values());
    }
    // insertion order is renewal order; the sort (stable) only matters when callers' times go backwards
    all.sort(Comparator.comparing(JoinRequest::createdAt));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  @Override
  public int joinRequestCount(long groupId) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      return 0;
    }
    synchronized (g) {
      return g.joinRequests == null ? 0 : g.joinRequests.size();
    }
  }

  /** The group, which may have been dissolved since ({@link GroupState#checkLive} under its monitor tells). */
  private GroupState live(long groupId) {
    GroupState g = groups.get(groupId);
    if (g == null) {
      throw new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " does not exist");
    }
    return g;
  }

  /** One group; every field is guarded by its monitor except the final ones. */
  private final class GroupState {
    private static final int FIRST_LOG_CAPACITY = 16;

    final long id;
    final int maxMembers;
    final Instant createdAt;
    String name;
    String avatarUrl;
    String notice;
    long ownerId;
    JoinPolicy joinPolicy;
    boolean membersCanInvite;
    boolean muteAll;
    boolean dissolved;
    final TreeMap<Long, GroupMember> members = new TreeMap<>();
    /** Entry seq s at index s - 1; {@link #size} is the last seq. */
    GroupMessage[] log = new GroupMessage[FIRST_LOG_CAPACITY];
    int size;
    /** Open addressing: seqs of text entries (0 = free) by hash of (sender, client message id); null when dissolved. */
    int[] sent = new int[FIRST_LOG_CAPACITY * 2];
    int sentCount;
    /** Pending requests by requester, oldest first; null while there are none yet. */
    Map<Long, JoinRequest> joinRequests;

    GroupState(long id, NewGroup group, Instant createdAt) {
      this.id = id;
      this.maxMembers = group.maxMembers();
      this.createdAt = createdAt;
      this.name = group.name();
      this.avatarUrl = group.avatarUrl();
      this.notice = group.notice();
      this.ownerId = group.ownerId();
      this.joinPolicy = group.joinPolicy();
      this.membersCanInvite = group.membersCanInvite();
    }

    Group snapshot() {
      return new Group(id, name, avatarUrl, notice, ownerId, joinPolicy, membersCanInvite, muteAll, members.size(),
          maxMembers, size, createdAt, dissolved);
    }

    void checkLive() {
      if (dissolved) {
        throw new ChatException(ErrorCode.NOT_FOUND, "group " + id + " was dissolved");
      }
    }

    void putMember(GroupMember m) {
      if (members.put(m.userId(), m) == null) {
        groupsByUser.computeIfAbsent(m.userId(), k -> ConcurrentHashMap.newKeySet()).add(id);
      }
    }

    void removeMember(long userId) {
      members.remove(userId);
      Set<Long> ids = groupsByUser.get(userId);
      if (ids != null) {
        ids.remove(id); // an empty set stays: cheaper than racing another group's add
      }
    }

    GroupMessage appendSystem(GroupMessageKind kind, long actorId, Instant at, List<Long> targets, GroupRole role,
        Instant mutedUntil) {
      GroupMessage m = new GroupMessage(id, size + 1, lastMessageId.incrementAndGet(), actorId, "", "", at, kind,
          targets, role, mutedUntil);
      add(m);
      return m;
    }

    void add(GroupMessage m) {
      if (size == log.length) {
        if (size == Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("group " + id + " holds the most entries an in-memory log can");
        }
        log = Arrays.copyOf(log, (int) Math.min((long) size * 2, Integer.MAX_VALUE - 8));
      }
      log[size++] = m;
    }

    /** The sender's earlier text with this client message id, or null. */
    GroupMessage findSent(long senderId, String clientMsgId) {
      if (sent == null) {
        return null;
      }
      int mask = sent.length - 1;
      for (int i = slot(senderId, clientMsgId, mask); sent[i] != 0; i = (i + 1) & mask) {
        GroupMessage m = log[sent[i] - 1];
        if (m.senderId() == senderId && m.clientMsgId().equals(clientMsgId)) {
          return m;
        }
      }
      return null;
    }

    void indexSent(GroupMessage m) {
      if (2 * (sentCount + 1) > sent.length) {
        int[] old = sent;
        sent = new int[old.length * 2];
        for (int seq : old) {
          if (seq != 0) {
            place(seq);
          }
        }
      }
      place((int) m.seq());
      sentCount++;
    }

    private void place(int seq) {
      GroupMessage m = log[seq - 1];
      int mask = sent.length - 1;
      int i = slot(m.senderId(), m.clientMsgId(), mask);
      while (sent[i] != 0) {
        i = (i + 1) & mask;
      }
      sent[i] = seq;
    }

    private static int slot(long senderId, String clientMsgId, int mask) {
      long h = (senderId * 0x9E3779B97F4A7C15L + clientMsgId.hashCode()) * 0xC2B2AE3D27D4EB4FL;
      return (int) (h ^ (h >>> 32)) & mask;
    }

    /**
     * Entries after {@code max(readSeq, joinedSeq)} not written by the member, counted from the newest
     * down and stopping at {@link GroupSummary#MAX_UNREAD}.
     */
    int unread(GroupMember self) {
      long from = Math.max(self.readSeq(), self.joinedSeq());
      int count = 0;
      for (long seq = size; seq > from && count < GroupSummary.MAX_UNREAD; seq--) {
        GroupMessage m = log[(int) (seq - 1)];
        if (m.senderId() != self.userId() && !m.isRevision()) {
          count++;
        }
      }
      return count;
    }
  }
}
