package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.GroupChanges;
import dev.parley.sdk.GroupDetails;
import dev.parley.sdk.GroupMemberPage;
import dev.parley.sdk.GroupMessagePage;
import dev.parley.sdk.GroupSendResult;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.InviteResult;
import dev.parley.sdk.JoinRequest;
import dev.parley.sdk.JoinResult;
import dev.parley.sdk.store.LocalStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The group half of {@link DefaultChatSession}: group requests as frames for the
 * {@link SessionEngine}, their answers as the SDK's records, the local store kept up to date with
 * what they return, and the engine told when the user joins or leaves a group (so it starts or
 * stops syncing it). Also the request helpers both halves use. Thread-safe.
 */
abstract class GroupSessionMethods implements ChatSession {
  protected final SessionEngine engine;
  protected final LocalStore store;
  protected final Executor callbacks;
  protected final Blocking blocking;

  GroupSessionMethods(SessionEngine engine, LocalStore store, Executor callbacks, Blocking blocking) {
    this.engine = engine;
    this.store = store;
    this.callbacks = callbacks;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<GroupDetails> createGroupAsync(String name, Collection<Long> memberIds) {
    return createGroupAsync(name, memberIds, JoinPolicy.INVITE_ONLY, false);
  }

  @Override
  public CompletableFuture<GroupDetails> createGroupAsync(String name, Collection<Long> memberIds,
      JoinPolicy joinPolicy, boolean membersCanInvite) {
    Frame.Builder frame = Frame.newBuilder().setCreateGroup(ChatProtocol.CreateGroupRequest.newBuilder()
        .setName(Objects.requireNonNull(name, "name")).addAllMemberIds(memberIds)
        .setJoinPolicy(GroupMapping.joinPolicy(joinPolicy)).setMembersCanInvite(membersCanInvite));
    return call("create_group", frame, f -> joined(groupResponse(f, "create_group")));
  }

  @Override
  public GroupDetails createGroup(String name, Collection<Long> memberIds) {
    return blocking.await(createGroupAsync(name, memberIds));
  }

  @Override
  public CompletableFuture<GroupDetails> getGroupAsync(long groupId) {
    Frame.Builder frame = Frame.newBuilder().setGetGroup(ChatProtocol.GetGroupRequest.newBuilder().setGroupId(groupId));
    return call("get_group", frame, f -> changed(groupResponse(f, "get_group")));
  }

  @Override
  public GroupDetails getGroup(long groupId) {
    return blocking.await(getGroupAsync(groupId));
  }

  @Override
  public CompletableFuture<List<GroupSummary>> listGroupsAsync(int limit) {
    Frame.Builder frame = Frame.newBuilder().setListGroups(ChatProtocol.ListGroupsRequest.newBuilder()
        .setLimit(Math.max(limit, 0)));
    return call("list_groups", frame, f -> {
      List<GroupSummary> groups = expect(f, f.hasListGroupsResponse(), "list_groups").getListGroupsResponse()
          .getGroupsList().stream().map(g -> GroupMapping.summary(g, userId())).toList();
      groups.forEach(store::saveGroup);
      return groups;
    });
  }

  @Override
  public List<GroupSummary> listGroups(int limit) {
    return blocking.await(listGroupsAsync(limit));
  }

  @Override
  public CompletableFuture<GroupDetails> updateGroupAsync(long groupId, GroupChanges changes) {
    ChatProtocol.UpdateGroupRequest.Builder update = ChatProtocol.UpdateGroupRequest.newBuilder().setGroupId(groupId);
    changes.name().ifPresent(update::setName);
    changes.avatarUrl().ifPresent(update::setAvatarUrl);
    changes.notice().ifPresent(update::setNotice);
    changes.joinPolicy().ifPresent(p -> update.setJoinPolicy(GroupMapping.joinPolicy(p)));
    changes.membersCanInvite().ifPresent(update::setMembersCanInvite);
    changes.muteAll().ifPresent(update::setMuteAll);
    return call("update_group", Frame.newBuilder().setUpdateGroup(update),
        f -> changed(groupResponse(f, "update_group")));
  }

  @Override
  public GroupDetails updateGroup(long groupId, GroupChanges changes) {
    return blocking.await(updateGroupAsync(groupId, changes));
  }

  @Override
  public CompletableFuture<InviteResult> inviteToGroupAsync(long groupId, Collection<Long> userIds) {
    Frame.Builder frame = Frame.newBuilder().setInviteToGroup(ChatProtocol.InviteToGroupRequest.newBuilder()
        .setGroupId(groupId).addAllUserIds(userIds));
    return call("invite_to_group", frame, f -> {
      ChatProtocol.InviteToGroupResponse r =
          expect(f, f.hasInviteToGroupResponse(), "invite_to_group").getInviteToGroupResponse();
      return new InviteResult(r.getAddedIdsList(), r.getAlreadyMemberIdsList());
    });
  }

  @Override
  public InviteResult inviteToGroup(long groupId, Collection<Long> userIds) {
    return blocking.await(inviteToGroupAsync(groupId, userIds));
  }

  @Override
  public CompletableFuture<JoinResult> requestToJoinAsync(long groupId, String greeting) {
    Frame.Builder frame = Frame.newBuilder().setRequestToJoin(ChatProtocol.RequestToJoinRequest.newBuilder()
        .setGroupId(groupId).setGreeting(Objects.requireNonNullElse(greeting, "")));
    return call("request_to_join", frame, f -> {
      ChatProtocol.RequestToJoinResponse r =
          expect(f, f.hasRequestToJoinResponse(), "request_to_join").getRequestToJoinResponse();
      if (!r.getJoined()) {
        return new JoinResult(false, null);
      }
      // the response carries no membership: read it, for the joined seq the sync starts from
      getGroupAsync(groupId).thenAccept(engine::groupJoined);
      return new JoinResult(true, GroupMapping.group(r.getGroup()));
    });
  }

  @Override
  public JoinResult requestToJoin(long groupId, String greeting) {
    return blocking.await(requestToJoinAsync(groupId, greeting));
  }

  @Override
  public CompletableFuture<List<JoinRequest>> listJoinRequestsAsync(long groupId) {
    Frame.Builder frame = Frame.newBuilder().setListJoinRequests(ChatProtocol.ListJoinRequestsRequest.newBuilder()
        .setGroupId(groupId));
    return call("list_join_requests", frame, f -> expect(f, f.hasListJoinRequestsResponse(), "list_join_requests")
        .getListJoinRequestsResponse().getRequestsList().stream().map(GroupMapping::joinRequest).toList());
  }

  @Override
  public List<JoinRequest> listJoinRequests(long groupId) {
    return blocking.await(listJoinRequestsAsync(groupId));
  }

  @Override
  public CompletableFuture<Void> answerJoinRequestAsync(long groupId, long requesterId, boolean accept) {
    Frame.Builder frame = Frame.newBuilder().setAnswerJoinRequest(ChatProtocol.AnswerJoinRequestRequest.newBuilder()
        .setGroupId(groupId).setRequesterId(requesterId).setAccept(accept));
    return call("answer_join_request", frame, f -> null);
  }

  @Override
  public void answerJoinRequest(long groupId, long requesterId, boolean accept) {
    blocking.await(answerJoinRequestAsync(groupId, requesterId, accept));
  }

  @Override
  public CompletableFuture<Void> leaveGroupAsync(long groupId) {
    Frame.Builder frame = Frame.newBuilder().setLeaveGroup(ChatProtocol.LeaveGroupRequest.newBuilder()
        .setGroupId(groupId));
    return call("leave_group", frame, f -> left(groupId));
  }

  @Override
  public void leaveGroup(long groupId) {
    blocking.await(leaveGroupAsync(groupId));
  }

  @Override
  public CompletableFuture<Void> kickMemberAsync(long groupId, long userId) {
    Frame.Builder frame = Frame.newBuilder().setKickMember(ChatProtocol.KickMemberRequest.newBuilder()
        .setGroupId(groupId).setUserId(userId));
    return call("kick_member", frame, f -> {
      store.removeGroupMember(groupId, userId);
      return null;
    });
  }

  @Override
  public void kickMember(long groupId, long userId) {
    blocking.await(kickMemberAsync(groupId, userId));
  }

  @Override
  public CompletableFuture<GroupDetails> setMemberRoleAsync(long groupId, long userId, GroupRole role) {
    Frame.Builder frame = Frame.newBuilder().setSetMemberRole(ChatProtocol.SetMemberRoleRequest.newBuilder()
        .setGroupId(groupId).setUserId(userId).setRole(GroupMapping.role(Objects.requireNonNull(role, "role"))));
    return call("set_member_role", frame, f -> changed(groupResponse(f, "set_member_role")));
  }

  @Override
  public GroupDetails setMemberRole(long groupId, long userId, GroupRole role) {
    return blocking.await(setMemberRoleAsync(groupId, userId, role));
  }

  @Override
  public CompletableFuture<Void> muteMemberAsync(long groupId, long userId, Instant until) {
    Frame.Builder frame = Frame.newBuilder().setMuteMember(ChatProtocol.MuteMemberRequest.newBuilder()
        .setGroupId(groupId).setUserId(userId).setUntilMs(until == null ? 0 : until.toEpochMilli()));
    return call("mute_member", frame, f -> null);
  }

  @Override
  public void muteMember(long groupId, long userId, Instant until) {
    blocking.await(muteMemberAsync(groupId, userId, until));
  }

  @Override
  public CompletableFuture<GroupDetails> transferOwnershipAsync(long groupId, long newOwnerId) {
    Frame.Builder frame = Frame.newBuilder().setTransferOwnership(ChatProtocol.TransferOwnershipRequest.newBuilder()
        .setGroupId(groupId).setNewOwnerId(newOwnerId));
    return call("transfer_ownership", frame, f -> changed(groupResponse(f, "transfer_ownership")));
  }

  @Override
  public GroupDetails transferOwnership(long groupId, long newOwnerId) {
    return blocking.await(transferOwnershipAsync(groupId, newOwnerId));
  }

  @Override
  public CompletableFuture<Void> dissolveGroupAsync(long groupId) {
    Frame.Builder frame = Frame.newBuilder().setDissolveGroup(ChatProtocol.DissolveGroupRequest.newBuilder()
        .setGroupId(groupId));
    return call("dissolve_group", frame, f -> left(groupId));
  }

  @Override
  public void dissolveGroup(long groupId) {
    blocking.await(dissolveGroupAsync(groupId));
  }

  @Override
  public CompletableFuture<GroupMemberPage> listMembersAsync(long groupId, long afterUserId, int limit) {
    Frame.Builder frame = Frame.newBuilder().setListMembers(ChatProtocol.ListMembersRequest.newBuilder()
        .setGroupId(groupId).setAfterUserId(afterUserId).setLimit(Math.max(limit, 0)));
    return call("list_members", frame, f -> {
      ChatProtocol.ListMembersResponse r =
          expect(f, f.hasListMembersResponse(), "list_members").getListMembersResponse();
      GroupMemberPage page = new GroupMemberPage(r.getMembersList().stream().map(GroupMapping::member).toList(),
          r.getHasMore());
      store.saveGroupMembers(groupId, page.members());
      return page;
    });
  }

  @Override
  public GroupMemberPage listMembers(long groupId, long afterUserId, int limit) {
    return blocking.await(listMembersAsync(groupId, afterUserId, limit));
  }

  @Override
  public CompletableFuture<GroupDetails> updateMembershipAsync(long groupId, String nickname, String remark) {
    ChatProtocol.UpdateMembershipRequest.Builder update =
        ChatProtocol.UpdateMembershipRequest.newBuilder().setGroupId(groupId);
    if (nickname != null) {
      update.setNickname(nickname);
    }
    if (remark != null) {
      update.setRemark(remark);
    }
    return call("update_membership", Frame.newBuilder().setUpdateMembership(update), f -> {
      GroupDetails details = changed(groupResponse(f, "update_membership"));
      if (remark != null) {
        store.group(groupId).ifPresent(s -> store.saveGroup(new GroupSummary(s.group(), s.self(), s.unreadCount(),
            s.lastMessage(), remark)));
      }
      return details;
    });
  }

  @Override
  public GroupDetails updateMembership(long groupId, String nickname, String remark) {
    return blocking.await(updateMembershipAsync(groupId, nickname, remark));
  }

  @Override
  public CompletableFuture<GroupSendResult> sendGroupMessageAsync(long groupId, String text) {
    return sendGroupMessageAsync(groupId, text, UUID.randomUUID().toString());
  }

  @Override
  public CompletableFuture<GroupSendResult> sendGroupMessageAsync(long groupId, String text, String clientMsgId) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    ChatException refused = Failures.badClientMsgId(clientMsgId);
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    return Async.relay(engine.sendToGroup(groupId, text, clientMsgId), Function.identity(), callbacks);
  }

  @Override
  public GroupSendResult sendGroupMessage(long groupId, String text) {
    return blocking.await(sendGroupMessageAsync(groupId, text));
  }

  @Override
  public CompletableFuture<GroupMessagePage> syncGroupAsync(long groupId, long afterSeq, int limit) {
    Frame.Builder frame = Frame.newBuilder().setSyncGroup(ChatProtocol.SyncGroupRequest.newBuilder()
        .setGroupId(groupId).setAfterSeq(Math.max(afterSeq, 0)).setLimit(Math.max(limit, 0)));
    return call("sync_group", frame, f -> {
      ChatProtocol.SyncGroupResponse r = expect(f, f.hasSyncGroupResponse(), "sync_group").getSyncGroupResponse();
      return new GroupMessagePage(r.getMessagesList().stream().map(m -> GroupMapping.message(m, userId())).toList(),
          r.getHasMore(), r.getLastSeq());
    });
  }

  @Override
  public GroupMessagePage syncGroup(long groupId, long afterSeq, int limit) {
    return blocking.await(syncGroupAsync(groupId, afterSeq, limit));
  }

  @Override
  public CompletableFuture<GroupMessagePage> groupHistoryAsync(long groupId, long beforeSeq, int limit) {
    Frame.Builder frame = Frame.newBuilder().setGroupHistory(ChatProtocol.GroupHistoryRequest.newBuilder()
        .setGroupId(groupId).setBeforeSeq(Math.max(beforeSeq, 0)).setLimit(Math.max(limit, 0)));
    return call("group_history", frame, f -> {
      ChatProtocol.GroupHistoryResponse r =
          expect(f, f.hasGroupHistoryResponse(), "group_history").getGroupHistoryResponse();
      return new GroupMessagePage(r.getMessagesList().stream().map(m -> GroupMapping.message(m, userId())).toList(),
          r.getHasMore(), 0);
    });
  }

  @Override
  public GroupMessagePage groupHistory(long groupId, long beforeSeq, int limit) {
    return blocking.await(groupHistoryAsync(groupId, beforeSeq, limit));
  }

  @Override
  public CompletableFuture<Long> ackGroupAsync(long groupId, long upToSeq) {
    Frame.Builder frame = Frame.newBuilder().setAckGroup(ChatProtocol.AckGroupRequest.newBuilder()
        .setGroupId(groupId).setUpToSeq(Math.max(upToSeq, 0)));
    return call("ack_group", frame, f -> {
      long readSeq = expect(f, f.hasAckGroupResponse(), "ack_group").getAckGroupResponse().getReadSeq();
      store.group(groupId).ifPresent(s -> store.saveGroup(new GroupSummary(s.group(), s.self(), 0, s.lastMessage(),
          s.remark())));
      return readSeq;
    });
  }

  @Override
  public long ackGroup(long groupId, long upToSeq) {
    return blocking.await(ackGroupAsync(groupId, upToSeq));
  }

  @Override
  public CompletableFuture<Long> markGroupReadAsync(long groupId) {
    return engine.groupPosition(groupId).thenCompose(seq -> ackGroupAsync(groupId, seq));
  }

  /** The user is a member now: store the group and start syncing it. */
  private GroupDetails joined(GroupDetails details) {
    engine.groupJoined(details);
    return details;
  }

  /** The group's state as a request returned it: store it, and report it with later system entries. */
  private GroupDetails changed(GroupDetails details) {
    engine.groupChanged(details);
    return details;
  }

  private Void left(long groupId) {
    engine.groupLeft(groupId);
    store.removeGroup(groupId);
    return null;
  }

  private static GroupDetails groupResponse(Frame f, String request) {
    return GroupMapping.details(expect(f, f.hasGroupResponse(), request).getGroupResponse());
  }

  protected <T> CompletableFuture<T> call(String kind, Frame.Builder frame, Function<Frame, T> read) {
    return Async.relay(engine.request(frame, kind), read, callbacks);
  }

  protected static Frame expect(Frame response, boolean rightKind, String request) {
    if (!rightKind) {
      throw UnexpectedResponse.of(request, response);
    }
    return response;
  }
}
