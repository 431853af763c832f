package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.internal.SafeEvents;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupLogPage;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.GroupView;
import dev.parley.core.model.JoinOutcome;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MemberPage;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.NewGroup;
import dev.parley.core.model.User;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Group chat: the rules of who may do what in a group, on top of a {@link GroupStore}. Every method
 * acts as {@code userId}, the authenticated user. Thread-safe; methods block on the SPIs.
 *
 * <p>Roles: the owner (exactly one) may do everything; admins manage members (invite, answer join
 * requests, kick and mute members, not other admins or the owner) and the group's info; members
 * send, read, leave and invite only when the group allows it ({@link Group#membersCanInvite()}).
 * Only the owner sets roles, transfers ownership and dissolves; the owner cannot leave (transfer
 * or dissolve first).
 *
 * <p>Every refusal is a {@link ChatException}: NOT_FOUND (no such group, or dissolved), NOT_A_MEMBER
 * (the actor or the target is not a member), NOT_ALLOWED (the actor's role or the group's settings),
 * GROUP_FULL (the member limit), MUTED (sending while muted, or a muted group), ALREADY_MEMBER,
 * NOT_FOUND / NOT_FRIENDS (an invitee who does not exist or, unless strangers are allowed, is not
 * the inviter's friend), BAD_REQUEST (malformed input) and RATE_LIMITED (creates, invites and join
 * requests per user, across every node when the rate limiter is shared); the message names the state.
 *
 * <p>What changed is published after it is stored: a text message through
 * {@link ChatEvents#groupMessageStored}, a system entry through {@link ChatEvents#groupUpdated}
 * to the members and to whoever the change removed, and a change to a user's own membership as a
 * {@link GroupNotice} appended to that user's mailbox ({@link MessageStore#appendNotice}) and
 * published through {@link ChatEvents#mailboxNotice}, so a user who is offline learns it by its
 * mailbox sync. The notice is written after the group change: a node that dies between the two
 * leaves the change without its notice, which the user still sees in its group list.
 */
public final class GroupService {
  private final UserStore users;
  private final FriendStore friends;
  private final GroupStore groups;
  private final MessageStore messages;
  private final ChatEvents events;
  private final ChatLimits limits;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final MessagePolicy policy;
  private final BlockStore blocks;

  /**
   * {@code rateLimiter} counts creates, invites and join requests per user (share it between nodes
   * so the budget holds across all of a user's sockets); {@code messages} receives the notices.
   * Stores every text it is sent ({@link MessagePolicy#NONE}).
   */
  public GroupService(UserStore users, FriendStore friends, GroupStore groups, MessageStore messages,
      ChatEvents events, ChatLimits limits, RateLimiter rateLimiter, Clock clock) {
    this(users, friends, groups, messages, events, limits, rateLimiter, clock, MessagePolicy.NONE);
  }

  /** As above; {@code policy} checks every TEXT before it is stored (the caller owns it and closes it). */
  public GroupService(UserStore users, FriendStore friends, GroupStore groups, MessageStore messages,
      ChatEvents events, ChatLimits limits, RateLimiter rateLimiter, Clock clock, MessagePolicy policy) {
    this(users, friends, groups, messages, events, limits, rateLimiter, clock, policy, NoBlocks.INSTANCE);
  }

  /**
   * As above; an invite (or a create naming members) that names a user who blocks the inviter is
   * refused as a whole with BLOCKED, and nobody is added.
   */
  public GroupService(UserStore users, FriendStore friends, GroupStore groups, MessageStore messages,
      ChatEvents events, ChatLimits limits, RateLimiter rateLimiter, Clock clock, MessagePolicy policy,
      BlockStore blocks) {
    this.users = Objects.requireNonNull(users, "users");
    this.friends = Objects.requireNonNull(friends, "friends");
    this.groups = Objects.requireNonNull(groups, "groups");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.events = new SafeEvents(Objects.requireNonNull(events, "events"));
    this.limits = Objects.requireNonNull(limits, "limits");
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
  }

  private GroupLimits groupLimits() {
    return limits.groups();
  }

  // ---- creating and reading ----

  /**
   * Creates a group owned by {@code userId} with {@code memberIds} (repeats and the creator are
   * dropped) as members. BAD_REQUEST for a blank or over-long name ({@link Group#MAX_NAME}), an
   * over-long avatar URL or notice, or more than {@link GroupLimits#maxInvitesPerRequest} members;
   * GROUP_FULL when they exceed {@link GroupLimits#maxMembers}; NOT_FOUND / NOT_FRIENDS for a member
   * who does not exist or is not the creator's friend; NOT_ALLOWED when the creator or a member is
   * in {@link GroupLimits#maxGroupsPerUser} groups already; RATE_LIMITED past
   * {@link GroupLimits#createsPerWindow}.
   */
  public GroupView create(long userId, String name, Collection<Long> memberIds, JoinPolicy joinPolicy,
      boolean membersCanInvite, String avatarUrl, String notice) {
    String groupName = groupName(name);
    String avatar = Validation.optionalText("avatarUrl", strip(avatarUrl), Group.MAX_AVATAR_URL);
    String noticeText = Validation.optionalText("notice", strip(notice), Group.MAX_NOTICE);
    List<Long> members = distinctOthers(userId, memberIds);
    if (members.size() + 1 > groupLimits().maxMembers()) {
      throw new ChatException(ErrorCode.GROUP_FULL, "a group holds at most " + groupLimits().maxMembers()
          + " members, " + (members.size() + 1) + " were asked for");
    }
    requireActiveUser(userId);
    checkInvitees(userId, members);
    checkRoomForGroup(userId, "user " + userId);
    spend(userId, "group-create", groupLimits().createsPerWindow(), "group creations");
    Instant now = clock.instant();
    Group group = groups.create(new NewGroup(userId, members, groupName, avatar, noticeText,
        joinPolicy == null ? JoinPolicy.INVITE_ONLY : joinPolicy, membersCanInvite, groupLimits().maxMembers()), now);
    GroupMessage created = groups.readAfter(group.id(), 0, 1).get(0);
    long[] all = groups.memberIds(group.id());
    events.groupUpdated(group, created, all);
    notice(userId, group, created, GroupRole.OWNER);
    for (long member : members) {
      notice(member, group, created, GroupRole.MEMBER);
    }
    return new GroupView(group, groups.member(group.id(), userId).orElseThrow());
  }

  /**
   * The group and {@code userId}'s membership. A user who is not a member sees an
   * {@link JoinPolicy#OPEN} or {@link JoinPolicy#APPROVAL} group without membership (so it can ask
   * to join) and gets NOT_A_MEMBER for an invite-only one; NOT_FOUND for a group that does not exist
   * or was dissolved.
   */
  public GroupView get(long userId, long groupId) {
    Group group = existing(groupId);
    Optional<GroupMember> self = groups.member(groupId, userId);
    if (self.isEmpty() && group.joinPolicy() == JoinPolicy.INVITE_ONLY) {
      throw notAMember(userId, groupId);
    }
    return new GroupView(group, self.orElse(null));
  }

  /** {@code userId}'s groups, most recently active first, with unread counts: {@link ChatLimits#pageSize}({@code limit}). */
  public List<GroupSummary> list(long userId, int limit) {
    return groups.groupsOf(userId, Math.min(limits.pageSize(limit), groupLimits().maxGroupsPerUser()));
  }

  /** Every group of {@code userId} (up to {@link GroupLimits#maxGroupsPerUser}), for the login response. */
  public List<GroupSummary> listAll(long userId) {
    return groups.groupsOf(userId, groupLimits().maxGroupsPerUser());
  }

  /** Members after {@code afterUserId}, ascending by id, one page; members only (NOT_A_MEMBER). */
  public MemberPage members(long userId, long groupId, long afterUserId, int limit) {
    nonNegative("afterUserId", afterUserId);
    requireMember(userId, existing(groupId));
    int size = limits.pageSize(limit);
    List<GroupMember> read = groups.members(groupId, afterUserId, size + 1);
    boolean more = read.size() > size;
    return new MemberPage(more ? read.subList(0, size) : read, more);
  }

  // ---- info and settings ----

  /**
   * Changes the group's info or settings (owner or admin; NOT_ALLOWED otherwise). BAD_REQUEST when
   * nothing would change, or for a blank or over-long name, an over-long avatar URL or notice.
   */
  public GroupView update(long userId, long groupId, GroupUpdate update) {
    Objects.requireNonNull(update, "update");
    if (update.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "the update of group " + groupId + " changes nothing");
    }
    GroupUpdate checked = new GroupUpdate(update.name() == null ? null : groupName(update.name()),
        update.avatarUrl() == null ? null : Validation.optionalText("avatarUrl", strip(update.avatarUrl()), Group.MAX_AVATAR_URL),
        update.notice() == null ? null : Validation.optionalText("notice", strip(update.notice()), Group.MAX_NOTICE),
        update.joinPolicy(), update.membersCanInvite(), update.muteAll());
    Group group = existing(groupId);
    GroupMember self = requireManager(userId, group, "change the group's info or settings");
    GroupMessage entry = groups.update(groupId, userId, checked, clock.instant());
    Group after = existing(groupId);
    events.groupUpdated(after, entry, groups.memberIds(groupId));
    return new GroupView(after, groups.member(groupId, userId).orElse(self));
  }

  /** Sets {@code userId}'s own nickname (visible to members) and remark (private); null leaves one unchanged. */
  public GroupView updateMembership(long userId, long groupId, String nickname, String remark) {
    String nick = nickname == null ? null : Validation.optionalText("nickname", nickname.strip(), GroupMember.MAX_NICKNAME);
    String rem = remark == null ? null : Validation.optionalText("remark", remark.strip(), GroupMember.MAX_NICKNAME);
    Group group = existing(groupId);
    requireMember(userId, group);
    GroupMember updated = groups.updateMembership(groupId, userId, nick, rem)
        .orElseThrow(() -> notAMember(userId, groupId));
    return new GroupView(group, updated);
  }

  // ---- membership ----

  /**
   * Adds {@code userIds} as members: by the owner or an admin, or by any member when the group
   * allows members to invite (NOT_ALLOWED otherwise). Users already members are reported and left
   * alone. BAD_REQUEST for none or more than {@link GroupLimits#maxInvitesPerRequest}; NOT_FOUND /
   * NOT_FRIENDS for an invitee who does not exist or is not the inviter's friend; BLOCKED for an invitee
   * who blocks the inviter (the whole request is refused); NOT_ALLOWED for an invitee in {@link GroupLimits#maxGroupsPerUser} groups; GROUP_FULL when they do not all fit;
   * RATE_LIMITED past {@link GroupLimits#invitesPerWindow} invite requests.
   */
  public MembershipChange invite(long userId, long groupId, Collection<Long> userIds) {
    List<Long> invitees = distinctOthers(userId, userIds);
    if (invitees.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "an invite names at least one other user");
    }
    Group group = existing(groupId);
    GroupMember self = requireMember(userId, group);
    if (!self.role().isManager() && !group.membersCanInvite()) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "in group " + groupId
          + " only the owner and admins may invite; user " + userId + " is a " + roleName(self.role()));
    }
    spend(userId, "group-invite", groupLimits().invitesPerWindow(), "group invites");
    List<Long> newcomers = new ArrayList<>();
    List<Long> already = new ArrayList<>();
    for (long id : invitees) {
      (groups.member(groupId, id).isPresent() ? already : newcomers).add(id);
    }
    if (newcomers.isEmpty()) {
      return new MembershipChange(List.of(), already, null);
    }
    if (group.memberCount() + newcomers.size() > group.maxMembers()) {
      throw groupFull(group, newcomers.size());
    }
    checkInvitees(userId, newcomers);
    MembershipChange change = addAndPublish(group, userId, newcomers);
    List<Long> alreadyAll = new ArrayList<>(already);
    alreadyAll.addAll(change.alreadyMemberIds()); // joined meanwhile
    return new MembershipChange(change.addedIds(), alreadyAll, change.systemMessage());
  }

  /**
   * Asks to join: joins an {@link JoinPolicy#OPEN} group at once, leaves a join request in an
   * {@link JoinPolicy#APPROVAL} group for its owner and admins (renewing an earlier one), and is
   * NOT_ALLOWED for an invite-only group. ALREADY_MEMBER for a member; NOT_ALLOWED when the user is
   * in {@link GroupLimits#maxGroupsPerUser} groups; GROUP_FULL for a full group;
   * TOO_MANY_PENDING_REQUESTS when the group holds {@link GroupLimits#maxPendingJoinRequests};
   * RATE_LIMITED past {@link GroupLimits#joinRequestsPerWindow}.
   */
  public JoinOutcome requestToJoin(long userId, long groupId, String greeting) {
    String text = Validation.optionalText("greeting", strip(greeting), 200);
    Group group = existing(groupId);
    if (groups.member(groupId, userId).isPresent()) {
      throw new ChatException(ErrorCode.ALREADY_MEMBER, "user " + userId + " is already a member of group " + groupId);
    }
    if (group.joinPolicy() == JoinPolicy.INVITE_ONLY) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "group " + groupId + " is invite-only: a member must invite you");
    }
    requireActiveUser(userId);
    checkRoomForGroup(userId, "user " + userId);
    if (group.memberCount() >= group.maxMembers()) {
      throw groupFull(group, 1);
    }
    spend(userId, "group-join", groupLimits().joinRequestsPerWindow(), "join requests");
    if (group.joinPolicy() == JoinPolicy.OPEN) {
      addAndPublish(group, userId, List.of(userId));
      return new JoinOutcome(true, existing(groupId));
    }
    if (groups.joinRequest(groupId, userId).isEmpty()
        && groups.joinRequestCount(groupId) >= groupLimits().maxPendingJoinRequests()) {
      throw new ChatException(ErrorCode.TOO_MANY_PENDING_REQUESTS, "group " + groupId + " has "
          + groupLimits().maxPendingJoinRequests() + " join requests waiting for an answer; try later");
    }
    JoinRequest request = groups.requestJoin(groupId, userId, text, clock.instant());
    events.joinRequested(request, managerIds(groupId));
    return new JoinOutcome(false, group);
  }

  /** The group's pending join requests, oldest first (owner or admin). */
  public List<JoinRequest> joinRequests(long userId, long groupId) {
    Group group = existing(groupId);
    requireManager(userId, group, "see join requests");
    return groups.joinRequests(groupId, groupLimits().maxPendingJoinRequests());
  }

  /**
   * Accepts (adds the requester) or declines (removes the request) {@code requesterId}'s request to
   * join (owner or admin). NOT_FOUND when it has no pending request; GROUP_FULL or NOT_ALLOWED as
   * {@link #invite} when accepting.
   */
  public void answerJoinRequest(long userId, long groupId, long requesterId, boolean accept) {
    Group group = existing(groupId);
    requireManager(userId, group, "answer join requests");
    if (groups.joinRequest(groupId, requesterId).isEmpty()) {
      throw new ChatException(ErrorCode.NOT_FOUND, "user " + requesterId + " has no pending request to join group " + groupId);
    }
    if (!accept) {
      groups.removeJoinRequest(groupId, requesterId);
      return;
    }
    if (groups.member(groupId, requesterId).isPresent()) {
      groups.removeJoinRequest(groupId, requesterId);
      return;
    }
    if (group.memberCount() >= group.maxMembers()) {
      throw groupFull(group, 1);
    }
    checkRoomForGroup(requesterId, "user " + requesterId);
    addAndPublish(group, userId, List.of(requesterId));
  }

  /** Leaves the group; NOT_ALLOWED for the owner, who must transfer ownership or dissolve first. */
  public void leave(long userId, long groupId) {
    Group group = existing(groupId);
    GroupMember self = requireMember(userId, group);
    if (self.role() == GroupRole.OWNER) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "user " + userId + " owns group " + groupId
          + ": transfer ownership or dissolve the group instead of leaving");
    }
    removeAndPublish(group, userId, userId, GroupMessageKind.MEMBER_LEFT);
  }

  /**
   * Removes {@code targetId}: the owner removes anyone, an admin removes members only (NOT_ALLOWED
   * otherwise). NOT_A_MEMBER when the target is not a member; BAD_REQUEST for oneself (leave instead).
   */
  public void kick(long userId, long groupId, long targetId) {
    if (userId == targetId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + userId + " cannot kick itself; leave the group instead");
    }
    Group group = existing(groupId);
    GroupMember self = requireManager(userId, group, "remove members");
    GroupMember target = requireTarget(group, targetId);
    checkOutranks(self, target, "remove");
    removeAndPublish(group, userId, targetId, GroupMessageKind.MEMBER_KICKED);
  }

  /** Sets a member's role to ADMIN or MEMBER (owner only). BAD_REQUEST for OWNER (transfer ownership instead). */
  public GroupView setRole(long userId, long groupId, long targetId, GroupRole role) {
    Objects.requireNonNull(role, "role");
    if (role == GroupRole.OWNER) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "a group has one owner: transfer ownership to make someone owner");
    }
    Group group = existing(groupId);
    requireOwner(userId, group, "set roles");
    if (userId == targetId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "the owner's role changes only by transferring ownership");
    }
    GroupMember target = requireTarget(group, targetId);
    if (target.role() == role) {
      return new GroupView(group, groups.member(groupId, userId).orElseThrow(() -> notAMember(userId, groupId)));
    }
    GroupMessage entry = groups.setRole(groupId, userId, targetId, role, clock.instant())
        .orElseThrow(() -> targetNotAMember(targetId, groupId));
    Group after = existing(groupId);
    events.groupUpdated(after, entry, groups.memberIds(groupId));
    notice(targetId, after, entry, role);
    return new GroupView(after, groups.member(groupId, userId).orElseThrow(() -> notAMember(userId, groupId)));
  }

  /**
   * Mutes {@code targetId} until {@code until} (null unmutes): owner or admin; an admin mutes members
   * only, nobody mutes the owner (NOT_ALLOWED). BAD_REQUEST for a time not in the future.
   */
  public void mute(long userId, long groupId, long targetId, Instant until) {
    Instant now = clock.instant();
    if (until != null && !until.isAfter(now)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "mute until " + until + " is not in the future; send 0 to unmute");
    }
    if (userId == targetId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + userId + " cannot mute itself");
    }
    Group group = existing(groupId);
    GroupMember self = requireManager(userId, group, "mute members");
    GroupMember target = requireTarget(group, targetId);
    checkOutranks(self, target, "mute");
    GroupMessage entry = groups.mute(groupId, userId, targetId, until, now)
        .orElseThrow(() -> targetNotAMember(targetId, groupId));
    Group after = existing(groupId);
    events.groupUpdated(after, entry, groups.memberIds(groupId));
    notice(targetId, after, entry, target.role());
  }

  /** Makes member {@code newOwnerId} the owner; the owner becomes an admin (owner only). */
  public GroupView transferOwnership(long userId, long groupId, long newOwnerId) {
    if (userId == newOwnerId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + userId + " already owns group " + groupId);
    }
    Group group = existing(groupId);
    requireOwner(userId, group, "transfer ownership");
    GroupMember heir = requireTarget(group, newOwnerId);
    if (heir.mutedAt(clock.instant())) { // nobody may mute an owner: lift it first, in the log like any unmute
      groups.mute(groupId, userId, newOwnerId, null, clock.instant()).ifPresent(unmuted -> {
        Group now = existing(groupId);
        events.groupUpdated(now, unmuted, groups.memberIds(groupId));
        notice(newOwnerId, now, unmuted, heir.role());
      });
    }
    GroupMessage entry = groups.transferOwnership(groupId, userId, newOwnerId, clock.instant())
        .orElseThrow(() -> targetNotAMember(newOwnerId, groupId));
    Group after = existing(groupId);
    events.groupUpdated(after, entry, groups.memberIds(groupId));
    notice(newOwnerId, after, entry, GroupRole.OWNER);
    return new GroupView(after, groups.member(groupId, userId).orElseThrow(() -> notAMember(userId, groupId)));
  }

  /** Dissolves the group (owner only): its log ends, every member is removed and told. */
  public void dissolve(long userId, long groupId) {
    Group group = existing(groupId);
    requireOwner(userId, group, "dissolve the group");
    GroupStore.Dissolution done = groups.dissolve(groupId, userId, clock.instant());
    Group after = groups.find(groupId).orElse(group);
    events.groupUpdated(after, done.systemMessage(), done.formerMemberIds());
    for (long member : done.formerMemberIds()) {
      notice(member, after, done.systemMessage(), null);
    }
  }

  // ---- messages ----

  /** {@link #sendAsync}, waiting for the store. */
  public GroupAppendResult send(long userId, String originSessionId, long groupId, String clientMsgId, String text) {
    try {
      return sendAsync(userId, originSessionId, groupId, clientMsgId, text).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Sends {@code text} to the group from {@code userId}'s session {@code originSessionId} (null when
   * from none), which is not pushed its own message. BAD_REQUEST / TEXT_TOO_LONG as a one-to-one
   * message; NOT_FOUND for a group that does not exist or was dissolved; NOT_A_MEMBER for a
   * non-member (checked again by the store as it appends); MUTED while the sender (not the owner:
   * a muted member who becomes owner may send) is muted or the
   * group is muted and the sender is neither owner nor admin; then the {@link MessagePolicy} may
   * refuse it (REJECTED_BY_POLICY, UNAVAILABLE) or replace its text. A repeated {@code clientMsgId} returns
   * the original (duplicate) and publishes nothing; a new message is published through
   * {@link ChatEvents#groupMessageStored} to the members. The checks run on the calling thread; the
   * future completes on the store's thread (callers must not block it).
   */
  public CompletableFuture<GroupAppendResult> sendAsync(long userId, String originSessionId, long groupId,
      String clientMsgId, String text) {
    Validation.clientMsgId(clientMsgId);
    Validation.messageText(text, limits.maxTextLength());
    Group group = existing(groupId);
    GroupMember self = requireMember(userId, group);
    Instant now = clock.instant();
    if (self.role() != GroupRole.OWNER && self.mutedAt(now)) { // an owner is never muted, even a muted heir
      throw new ChatException(ErrorCode.MUTED, "user " + userId + " is muted in group " + groupId + " until "
          + self.mutedUntil());
    }
    if (group.muteAll() && !self.role().isManager()) {
      throw new ChatException(ErrorCode.MUTED, "group " + groupId + " is muted: only the owner and admins may send");
    }
    String checked = policy.isNone() ? text
        : policy.checkedText(new MessageInterceptor.Draft(userId, 0, groupId, clientMsgId, text, false));
    CompletableFuture<GroupAppendResult> stored = groups.appendAsync(groupId, userId, clientMsgId, checked, now);
    if (stored.isDone() && !stored.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(published(stored.join(), originSessionId));
    }
    return stored.thenApply(r -> published(r, originSessionId));
  }

  private GroupAppendResult published(GroupAppendResult result, String originSessionId) {
    if (!result.duplicate()) {
      GroupMessage m = result.message();
      events.groupMessageStored(m, groups.memberIds(m.groupId()), originSessionId);
    }
    return result;
  }

  /**
   * Log entries after {@code afterSeq} the member may see (never at or below its joined seq),
   * ascending, one page. NOT_A_MEMBER for a non-member (also after leaving); BAD_REQUEST for a
   * negative seq.
   */
  public GroupLogPage sync(long userId, long groupId, long afterSeq, int limit) {
    nonNegative("afterSeq", afterSeq);
    Group group = existing(groupId);
    GroupMember self = requireMember(userId, group);
    int size = limits.pageSize(limit);
    List<GroupMessage> read = groups.readAfter(groupId, Math.max(afterSeq, self.joinedSeq()), size + 1);
    boolean more = read.size() > size;
    List<GroupMessage> page = more ? read.subList(0, size) : read;
    long last = page.isEmpty() ? group.lastSeq() : Math.max(group.lastSeq(), page.get(page.size() - 1).seq());
    return new GroupLogPage(page, more, last);
  }

  /**
   * Log entries before {@code beforeSeq} (0: from the newest) the member may see, newest first, one
   * page. NOT_A_MEMBER for a non-member; BAD_REQUEST for a negative seq.
   */
  public GroupLogPage history(long userId, long groupId, long beforeSeq, int limit) {
    nonNegative("beforeSeq", beforeSeq);
    Group group = existing(groupId);
    GroupMember self = requireMember(userId, group);
    int size = limits.pageSize(limit);
    List<GroupMessage> read = groups.readBefore(groupId, beforeSeq, self.joinedSeq(), size + 1);
    boolean more = read.size() > size;
    // Newest first: an entry appended after the group was read may top the page.
    long last = read.isEmpty() ? group.lastSeq() : Math.max(group.lastSeq(), read.get(0).seq());
    return new GroupLogPage(more ? read.subList(0, size) : read, more, last);
  }

  /** Raises the member's read position (forward only, capped at the group's last seq). */
  public AckResult ack(long userId, long groupId, long upToSeq) {
    nonNegative("upToSeq", upToSeq);
    requireMember(userId, existing(groupId));
    return groups.ack(groupId, userId, upToSeq);
  }

  /** How many members have read entry {@code seq} ("read by k of n"); members only. */
  public int readCount(long userId, long groupId, long seq) {
    requireMember(userId, existing(groupId));
    return groups.readCount(groupId, seq);
  }

  // ---- helpers ----

  private MembershipChange addAndPublish(Group group, long actorId, List<Long> newcomers) {
    MembershipChange change = groups.addMembers(group.id(), actorId, newcomers, clock.instant());
    if (change.systemMessage() == null) {
      return change;
    }
    Group after = existing(group.id());
    events.groupUpdated(after, change.systemMessage(), groups.memberIds(group.id()));
    for (long id : change.addedIds()) {
      notice(id, after, change.systemMessage(), GroupRole.MEMBER);
    }
    return change;
  }

  private void removeAndPublish(Group group, long actorId, long targetId, GroupMessageKind kind) {
    GroupMessage entry = groups.removeMember(group.id(), actorId, targetId, kind, clock.instant())
        .orElseThrow(() -> targetNotAMember(targetId, group.id()));
    Group after = existing(group.id());
    long[] members = groups.memberIds(group.id());
    long[] recipients = Arrays.copyOf(members, members.length + 1);
    recipients[members.length] = targetId; // the removed user's other sessions learn it too
    events.groupUpdated(after, entry, recipients);
    notice(targetId, after, entry, null);
  }

  private void notice(long userId, Group group, GroupMessage entry, GroupRole role) {
    GroupNotice notice = new GroupNotice(group.id(), entry.kind(), entry.senderId(), entry.seq(), role,
        entry.kind() == GroupMessageKind.MEMBER_MUTED ? entry.mutedUntil() : null, group.name(), entry.sentAt());
    try {
      events.mailboxNotice(messages.appendNotice(userId, notice));
    } catch (RuntimeException e) {
      // The group change is stored; the notice is a convenience the user's group list also shows.
      org.slf4j.LoggerFactory.getLogger(GroupService.class)
          .warn("group {}: notice {} for user {} not stored", group.id(), entry.kind(), userId, e);
    }
  }

  private long[] managerIds(long groupId) {
    List<Long> out = new ArrayList<>();
    long after = 0;
    while (true) {
      List<GroupMember> page = groups.members(groupId, after, 500);
      for (GroupMember m : page) {
        if (m.role().isManager()) {
          out.add(m.userId());
        }
      }
      if (page.size() < 500) {
        break;
      }
      after = page.get(page.size() - 1).userId();
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Who hears {@code userId}'s typing in {@code groupId} (issue 15): the other members' ids. Typing
   * is never stored, so this reads only the (node-cached) membership: NOT_A_MEMBER unless
   * {@code userId} is a member (for an unknown or dissolved group too, which has no members).
   */
  public long[] typingAudience(long userId, long groupId) {
    if (groups.member(groupId, userId).isEmpty()) {
      throw notAMember(userId, groupId);
    }
    long[] all = groups.memberIds(groupId);
    long[] others = new long[Math.max(0, all.length - 1)];
    int n = 0;
    for (long id : all) {
      if (id != userId && n < others.length) {
        others[n++] = id;
      }
    }
    return n == others.length ? others : java.util.Arrays.copyOf(others, n);
  }

  private Group existing(long groupId) {
    Group group = groups.find(groupId)
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " does not exist"));
    if (group.dissolved()) {
      throw new ChatException(ErrorCode.NOT_FOUND, "group " + groupId + " was dissolved");
    }
    return group;
  }

  private GroupMember requireMember(long userId, Group group) {
    return groups.member(group.id(), userId).orElseThrow(() -> notAMember(userId, group.id()));
  }

  private GroupMember requireTarget(Group group, long targetId) {
    return groups.member(group.id(), targetId).orElseThrow(() -> targetNotAMember(targetId, group.id()));
  }

  private GroupMember requireManager(long userId, Group group, String what) {
    GroupMember self = requireMember(userId, group);
    if (!self.role().isManager()) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "only the owner or an admin of group " + group.id() + " may " + what
          + "; user " + userId + " is a member");
    }
    return self;
  }

  private GroupMember requireOwner(long userId, Group group, String what) {
    GroupMember self = requireMember(userId, group);
    if (self.role() != GroupRole.OWNER) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "only the owner of group " + group.id() + " may " + what
          + "; user " + userId + " is " + article(self.role()));
    }
    return self;
  }

  /** The owner acts on anyone but itself; an admin on members only. */
  private static void checkOutranks(GroupMember actor, GroupMember target, String verb) {
    if (target.role() == GroupRole.OWNER || (actor.role() == GroupRole.ADMIN && target.role() != GroupRole.MEMBER)) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "user " + actor.userId() + " is " + article(actor.role())
          + " of group " + actor.groupId() + " and may not " + verb + " user " + target.userId() + ", "
          + article(target.role()));
    }
  }

  private static ChatException notAMember(long userId, long groupId) {
    return new ChatException(ErrorCode.NOT_A_MEMBER, "user " + userId + " is not a member of group " + groupId);
  }

  private static ChatException targetNotAMember(long targetId, long groupId) {
    return new ChatException(ErrorCode.NOT_A_MEMBER, "user " + targetId + " is not a member of group " + groupId);
  }

  private static ChatException groupFull(Group group, int adding) {
    return new ChatException(ErrorCode.GROUP_FULL, "group " + group.id() + " has " + group.memberCount() + " of "
        + group.maxMembers() + " members; " + adding + " more do not fit");
  }

  /** Invitees exist, unless strangers are allowed are the inviter's friends, do not block the inviter, and each has room for a group. */
  private void checkInvitees(long inviterId, List<Long> invitees) {
    if (invitees.isEmpty()) {
      return;
    }
    Map<Long, User> found = users.findAllById(invitees);
    for (long id : invitees) {
      if (!found.containsKey(id)) {
        throw new ChatException(ErrorCode.NOT_FOUND, "user " + id + " does not exist");
      }
    }
    if (!limits.allowStrangers()) {
      for (long id : invitees) {
        if (!friends.areFriends(inviterId, id)) {
          throw new ChatException(ErrorCode.NOT_FRIENDS, "user " + id + " is not a friend of " + inviterId
              + "; only friends can be added to a group");
        }
      }
    }
    for (long id : invitees) {
      if (blocks.isBlocked(id, inviterId)) {
        throw new ChatException(ErrorCode.BLOCKED, "user " + id + " does not accept group invites from you");
      }
    }
    for (long id : invitees) {
      checkRoomForGroup(id, "user " + id);
    }
  }

  private void checkRoomForGroup(long userId, String who) {
    if (groups.groupCount(userId) >= groupLimits().maxGroupsPerUser()) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, who + " is in " + groupLimits().maxGroupsPerUser()
          + " groups, the most one user may join");
    }
  }

  private void requireActiveUser(long userId) {
    if (users.findById(userId).isEmpty()) {
      throw new ChatException(ErrorCode.UNAUTHORIZED, "user " + userId + " no longer exists");
    }
  }

  private void spend(long userId, String key, int limit, String what) {
    Duration window = groupLimits().window();
    Optional<Duration> wait = rateLimiter.tryAcquire(key + ":" + userId, limit, window);
    if (wait.isPresent()) {
      throw ChatException.rateLimited("user " + userId + " reached " + limit + " " + what + " per " + window
          + "; retry in " + wait.get().toSeconds() + " s", wait.get());
    }
  }

  private List<Long> distinctOthers(long userId, Collection<Long> ids) {
    LinkedHashSet<Long> set = new LinkedHashSet<>();
    if (ids != null) {
      for (Long id : ids) {
        if (id == null || id <= 0) {
          throw new ChatException(ErrorCode.BAD_REQUEST, "user ids are positive, got " + id);
        }
        if (id != userId) {
          set.add(id);
        }
        if (set.size() > groupLimits().maxInvitesPerRequest()) {
          throw new ChatException(ErrorCode.BAD_REQUEST, "one request adds at most "
              + groupLimits().maxInvitesPerRequest() + " users");
        }
      }
    }
    return List.copyOf(set);
  }

  private static String groupName(String name) {
    String n = strip(name);
    if (n.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "a group needs a name");
    }
    int length = n.codePointCount(0, n.length());
    if (length > Group.MAX_NAME) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "group name is " + length + " characters, the limit is "
          + Group.MAX_NAME);
    }
    return n;
  }


  private static void nonNegative(String field, long value) {
    if (value < 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " must not be negative, was " + value);
    }
  }

  private static String strip(String s) {
    return s == null ? "" : s.strip();
  }

  private static String roleName(GroupRole role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String article(GroupRole role) {
    return (role == GroupRole.ADMIN || role == GroupRole.OWNER ? "an " : "a ") + roleName(role);
  }
}
