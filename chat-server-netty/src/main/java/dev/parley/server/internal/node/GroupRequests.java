package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupLogPage;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.JoinOutcome;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MemberPage;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.Profile;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The group requests (issue 14), each acting as the session's user: every one is decoded, handed
 * to the node's {@link dev.parley.core.service.GroupService}, which holds every rule, and its
 * result encoded; a refusal is the service's {@link ChatException}, answered with its code by the
 * dispatcher. SendGroupMessage is asynchronous like SendMessage: checked on the request's thread,
 * then appended without holding it, and acknowledged on the thread that completed the append.
 * Thread-safe; stateless beyond the shared context.
 */
final class GroupRequests {
  private static final ChatProtocol.EmptyResponse EMPTY = ChatProtocol.EmptyResponse.getDefaultInstance();

  private final NodeContext ctx;
  private final ReadPositions readPositions;

  GroupRequests(NodeContext ctx) {
    this.ctx = ctx;
    this.readPositions = new ReadPositions(ctx);
  }

  /** Registers the blocking requests into {@code handlers} and SendGroupMessage into {@code async}. */
  void registerInto(Map<BodyCase, RequestHandler> handlers, Map<BodyCase, AsyncRequestHandler<?>> async) {
    async.put(BodyCase.SEND_GROUP_MESSAGE, new SendGroupMessage());
    handlers.put(BodyCase.CREATE_GROUP, this::create);
    handlers.put(BodyCase.GET_GROUP, this::get);
    handlers.put(BodyCase.LIST_GROUPS, this::list);
    handlers.put(BodyCase.UPDATE_GROUP, this::update);
    handlers.put(BodyCase.UPDATE_MEMBERSHIP, this::updateMembership);
    handlers.put(BodyCase.INVITE_TO_GROUP, this::invite);
    handlers.put(BodyCase.REQUEST_TO_JOIN, this::requestToJoin);
    handlers.put(BodyCase.LIST_JOIN_REQUESTS, this::joinRequests);
    handlers.put(BodyCase.ANSWER_JOIN_REQUEST, this::answerJoinRequest);
    handlers.put(BodyCase.LEAVE_GROUP, this::leave);
    handlers.put(BodyCase.KICK_MEMBER, this::kick);
    handlers.put(BodyCase.SET_MEMBER_ROLE, this::setRole);
    handlers.put(BodyCase.MUTE_MEMBER, this::mute);
    handlers.put(BodyCase.TRANSFER_OWNERSHIP, this::transfer);
    handlers.put(BodyCase.DISSOLVE_GROUP, this::dissolve);
    handlers.put(BodyCase.LIST_MEMBERS, this::members);
    handlers.put(BodyCase.SYNC_GROUP, this::sync);
    handlers.put(BodyCase.GROUP_HISTORY, this::history);
    handlers.put(BodyCase.ACK_GROUP, this::ack);
  }

  /** Checked on the request's thread, appended without holding it; acked once stored. */
  private final class SendGroupMessage implements AsyncRequestHandler<GroupAppendResult> {
    @Override
    public CompletableFuture<GroupAppendResult> start(ChatSession s, Frame f) {
      ChatProtocol.SendGroupMessageRequest r = f.getSendGroupMessage();
      return ctx.groups().sendAsync(s.userId(), s.sessionId(), r.getGroupId(), r.getClientMsgId(), r.getText());
    }

    @Override
    public Frame.Builder answer(ChatSession s, GroupAppendResult stored) {
      if (!stored.duplicate()) {
        ctx.metrics().groupMessageSent();
      }
      GroupMessage m = stored.message();
      return Frame.newBuilder().setGroupSendAck(ChatProtocol.GroupSendAck.newBuilder().setGroupId(m.groupId())
          .setMessageId(m.id()).setClientMsgId(m.clientMsgId()).setSeq(m.seq())
          .setSentAtMs(m.sentAt().toEpochMilli()).setDuplicate(stored.duplicate()));
    }
  }

  private Frame.Builder create(ChatSession s, Frame f) {
    ChatProtocol.CreateGroupRequest r = f.getCreateGroup();
    return Frame.newBuilder().setGroupResponse(ProtoMapper.groupResponse(ctx.groups().create(s.userId(),
        r.getName(), r.getMemberIdsList(), JoinPolicy.fromWireValue(r.getJoinPolicyValue()),
        r.getMembersCanInvite(), r.getAvatarUrl(), r.getNotice())));
  }

  private Frame.Builder get(ChatSession s, Frame f) {
    return Frame.newBuilder().setGroupResponse(ProtoMapper.groupResponse(
        ctx.groups().get(s.userId(), f.getGetGroup().getGroupId())));
  }

  private Frame.Builder list(ChatSession s, Frame f) {
    ChatProtocol.ListGroupsResponse.Builder out = ChatProtocol.ListGroupsResponse.newBuilder();
    ctx.groups().list(s.userId(), f.getListGroups().getLimit()).forEach(g -> out.addGroups(ProtoMapper.summary(g)));
    return Frame.newBuilder().setListGroupsResponse(out);
  }

  private Frame.Builder update(ChatSession s, Frame f) {
    ChatProtocol.UpdateGroupRequest r = f.getUpdateGroup();
    GroupUpdate update = new GroupUpdate(r.hasName() ? r.getName() : null,
        r.hasAvatarUrl() ? r.getAvatarUrl() : null, r.hasNotice() ? r.getNotice() : null,
        r.hasJoinPolicy() ? JoinPolicy.fromWireValue(r.getJoinPolicyValue()) : null,
        r.hasMembersCanInvite() ? r.getMembersCanInvite() : null, r.hasMuteAll() ? r.getMuteAll() : null);
    return Frame.newBuilder().setGroupResponse(ProtoMapper.groupResponse(
        ctx.groups().update(s.userId(), r.getGroupId(), update)));
  }

  private Frame.Builder updateMembership(ChatSession s, Frame f) {
    ChatProtocol.UpdateMembershipRequest r = f.getUpdateMembership();
    return Frame.newBuilder().setGroupResponse(ProtoMapper.groupResponse(ctx.groups().updateMembership(s.userId(),
        r.getGroupId(), r.hasNickname() ? r.getNickname() : null, r.hasRemark() ? r.getRemark() : null)));
  }

  private Frame.Builder invite(ChatSession s, Frame f) {
    ChatProtocol.InviteToGroupRequest r = f.getInviteToGroup();
    MembershipChange change = ctx.groups().invite(s.userId(), r.getGroupId(), r.getUserIdsList());
    return Frame.newBuilder().setInviteToGroupResponse(ChatProtocol.InviteToGroupResponse.newBuilder()
        .addAllAddedIds(change.addedIds()).addAllAlreadyMemberIds(change.alreadyMemberIds()));
  }

  private Frame.Builder requestToJoin(ChatSession s, Frame f) {
    ChatProtocol.RequestToJoinRequest r = f.getRequestToJoin();
    JoinOutcome outcome = ctx.groups().requestToJoin(s.userId(), r.getGroupId(), r.getGreeting());
    return Frame.newBuilder().setRequestToJoinResponse(ChatProtocol.RequestToJoinResponse.newBuilder()
        .setJoined(outcome.joined()).setGroup(ProtoMapper.group(outcome.group())));
  }

  private Frame.Builder joinRequests(ChatSession s, Frame f) {
    ChatProtocol.ListJoinRequestsResponse.Builder out = ChatProtocol.ListJoinRequestsResponse.newBuilder();
    for (JoinRequest r : ctx.groups().joinRequests(s.userId(), f.getListJoinRequests().getGroupId())) {
      out.addRequests(ProtoMapper.joinRequest(r, requester(ctx, r.requesterId())));
    }
    return Frame.newBuilder().setListJoinRequestsResponse(out);
  }

  /** The requester's profile; a bare one (id, no name) for a user deleted since it asked. */
  static Profile requester(NodeContext ctx, long userId) {
    try {
      return ctx.profiles().get(userId);
    } catch (ChatException e) {
      return new Profile(userId, "", "", "", "");
    }
  }

  private Frame.Builder answerJoinRequest(ChatSession s, Frame f) {
    ChatProtocol.AnswerJoinRequestRequest r = f.getAnswerJoinRequest();
    ctx.groups().answerJoinRequest(s.userId(), r.getGroupId(), r.getRequesterId(), r.getAccept());
    return Frame.newBuilder().setEmptyResponse(EMPTY);
  }

  private Frame.Builder leave(ChatSession s, Frame f) {
    ctx.groups().leave(s.userId(), f.getLeaveGroup().getGroupId());
    return Frame.newBuilder().setEmptyResponse(EMPTY);
  }

  private Frame.Builder kick(ChatSession s, Frame f) {
    ChatProtocol.KickMemberRequest r = f.getKickMember();
    ctx.groups().kick(s.userId(), r.getGroupId(), r.getUserId());
    return Frame.newBuilder().setEmptyResponse(EMPTY);
  }

  private Frame.Builder setRole(ChatSession s, Frame f) {
    ChatProtocol.SetMemberRoleRequest r = f.getSetMemberRole();
    return Frame.newBuilder().setGroupResponse(ProtoMapper.groupResponse(
        ctx.groups().setRole(s.userId(), r.getGroupId(), r.getUserId(), ProtoMapper.role(r.getRole()))));
  }

  private Frame.Builder mute(ChatSession s, Frame f) {
    ChatProtocol.MuteMemberRequest r = f.getMuteMember();
    Instant until = r.getUntilMs() == 0 ? null : Instant.ofEpochMilli(r.getUntilMs());
    ctx.groups().mute(s.userId(), r.getGroupId(), r.getUserId(), until);
    return Frame.newBuilder().setEmptyResponse(EMPTY);
  }

  private Frame.Builder transfer(ChatSession s, Frame f) {
    ChatProtocol.TransferOwnershipRequest r = f.getTransferOwnership();
    return Frame.newBuilder().setGroupResponse(ProtoMapper.groupResponse(
        ctx.groups().transferOwnership(s.userId(), r.getGroupId(), r.getNewOwnerId())));
  }

  private Frame.Builder dissolve(ChatSession s, Frame f) {
    ctx.groups().dissolve(s.userId(), f.getDissolveGroup().getGroupId());
    return Frame.newBuilder().setEmptyResponse(EMPTY);
  }

  private Frame.Builder members(ChatSession s, Frame f) {
    ChatProtocol.ListMembersRequest r = f.getListMembers();
    MemberPage page = ctx.groups().members(s.userId(), r.getGroupId(), r.getAfterUserId(), r.getLimit());
    ChatProtocol.ListMembersResponse.Builder out = ChatProtocol.ListMembersResponse.newBuilder()
        .setHasMore(page.hasMore());
    page.members().forEach(m -> out.addMembers(ProtoMapper.member(m)));
    return Frame.newBuilder().setListMembersResponse(out);
  }

  private Frame.Builder sync(ChatSession s, Frame f) {
    ChatProtocol.SyncGroupRequest r = f.getSyncGroup();
    GroupLogPage page = ctx.groups().sync(s.userId(), r.getGroupId(), seq("after_seq", r.getAfterSeq()),
        r.getLimit());
    ChatProtocol.SyncGroupResponse.Builder out = ChatProtocol.SyncGroupResponse.newBuilder()
        .setGroupId(r.getGroupId()).setHasMore(page.hasMore()).setLastSeq(page.lastSeq());
    page.messages().forEach(m -> out.addMessages(ProtoMapper.groupMessage(m)));
    return Frame.newBuilder().setSyncGroupResponse(out);
  }

  private Frame.Builder history(ChatSession s, Frame f) {
    ChatProtocol.GroupHistoryRequest r = f.getGroupHistory();
    GroupLogPage page = ctx.groups().history(s.userId(), r.getGroupId(), seq("before_seq", r.getBeforeSeq()),
        r.getLimit());
    ChatProtocol.GroupHistoryResponse.Builder out = ChatProtocol.GroupHistoryResponse.newBuilder()
        .setHasMore(page.hasMore());
    page.messages().forEach(m -> out.addMessages(ProtoMapper.groupMessage(m)));
    return Frame.newBuilder().setGroupHistoryResponse(out);
  }

  private Frame.Builder ack(ChatSession s, Frame f) {
    ChatProtocol.AckGroupRequest r = f.getAckGroup();
    AckResult ack = ctx.groups().ack(s.userId(), r.getGroupId(), seq("up_to_seq", r.getUpToSeq()));
    readPositions.groupAcked(s, r.getGroupId(), ack);
    return Frame.newBuilder().setAckGroupResponse(ChatProtocol.AckGroupResponse.newBuilder()
        .setReadSeq(ack.ackedSeq()));
  }

  /** A uint64 above Long.MAX_VALUE arrives negative in Java; no seq is that large. */
  private static long seq(String field, long v) {
    if (v < 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " is out of range: " + Long.toUnsignedString(v));
    }
    return v;
  }
}
