package dev.parley.server.internal.node;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The friend requests: send, answer, remark, remove and the two lists, each acting as the
 * session's user. Thread-safe; stateless beyond the shared context.
 */
final class FriendRequests {
  private final NodeContext ctx;

  FriendRequests(NodeContext ctx) {
    this.ctx = ctx;
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.SEND_FRIEND_REQUEST, this::send);
    handlers.put(BodyCase.ANSWER_FRIEND_REQUEST, this::answer);
    handlers.put(BodyCase.SET_FRIEND_REMARK, this::setRemark);
    handlers.put(BodyCase.REMOVE_FRIEND, this::remove);
    handlers.put(BodyCase.LIST_FRIENDS, this::listFriends);
    handlers.put(BodyCase.LIST_FRIEND_REQUESTS, this::listRequests);
  }

  private Frame.Builder send(ChatSession s, Frame f) {
    ChatProtocol.SendFriendRequestRequest r = f.getSendFriendRequest();
    FriendRequest sent = ctx.friends().sendRequest(s.userId(), r.getToUserId(), r.getGreeting(), r.getRemark());
    ChatProtocol.FriendRequest wire = ProtoMapper.friendRequest(sent, ctx.profiles().get(s.userId()));
    return Frame.newBuilder().setFriendRequestResponse(
        ChatProtocol.FriendRequestResponse.newBuilder().setRequest(wire));
  }

  private Frame.Builder answer(ChatSession s, Frame f) {
    ChatProtocol.AnswerFriendRequestRequest r = f.getAnswerFriendRequest();
    Optional<FriendView> friend = ctx.friends().answer(s.userId(), r.getRequesterId(), r.getAccept(), r.getRemark());
    ChatProtocol.AnswerFriendRequestResponse.Builder out = ChatProtocol.AnswerFriendRequestResponse.newBuilder();
    friend.ifPresent(v -> out.setFriend(seenBy(ctx.blocks()::isBlocked, s.userId(), v,
        ctx.presence().isOnline(r.getRequesterId()))));
    return Frame.newBuilder().setAnswerFriendRequestResponse(out);
  }

  private Frame.Builder setRemark(ChatSession s, Frame f) {
    ctx.friends().setRemark(s.userId(), f.getSetFriendRemark().getFriendId(), f.getSetFriendRemark().getRemark());
    return empty();
  }

  private Frame.Builder remove(ChatSession s, Frame f) {
    ctx.friends().remove(s.userId(), f.getRemoveFriend().getFriendId());
    return empty();
  }

  private Frame.Builder listFriends(ChatSession s, Frame f) {
    return Frame.newBuilder().setListFriendsResponse(
        ChatProtocol.ListFriendsResponse.newBuilder().addAllFriends(friendsWithPresence(ctx, s.userId())));
  }

  private Frame.Builder listRequests(ChatSession s, Frame f) {
    ChatProtocol.ListFriendRequestsResponse.Builder out = ChatProtocol.ListFriendRequestsResponse.newBuilder();
    ctx.friends().pendingRequests(s.userId())
        .forEach(v -> out.addRequests(ProtoMapper.friendRequest(v.request(), v.from())));
    return Frame.newBuilder().setListFriendRequestsResponse(out);
  }

  /** {@code userId}'s friends with their online flags, as ListFriends and the login reply show them. */
  static List<ChatProtocol.Friend> friendsWithPresence(NodeContext ctx, long userId) {
    List<FriendView> friends = ctx.friends().listFriends(userId);
    Map<Long, List<PresenceBinding>> online = ctx.presence().lookupAll(
        friends.stream().map(v -> v.profile().userId()).toList());
    return friendsWithPresence(ctx, userId, friends, online);
  }

  /** {@code friends} with their online flags from {@code online}, as {@code userId} sees them ({@link #seenBy}). */
  static List<ChatProtocol.Friend> friendsWithPresence(NodeContext ctx, long userId, List<FriendView> friends,
      Map<Long, List<PresenceBinding>> online) {
    Blocks blocks = ctx.blocks()::isBlocked;
    return friends.stream().map(v -> seenBy(blocks, userId, v, online.containsKey(v.profile().userId()))).toList();
  }

  /**
   * Friend {@code v} as {@code viewerId} sees it: online only when it is and it does not block the
   * viewer (a user's presence is hidden from the users it blocks). Every {@code Friend} a node sends
   * goes through here: ListFriends, LoginResponse, AnswerFriendRequestResponse, FriendAddedEvent.
   */
  static ChatProtocol.Friend seenBy(Blocks blocks, long viewerId, FriendView v, boolean online) {
    return ProtoMapper.friend(v, online && !blocks.isBlocked(v.profile().userId(), viewerId));
  }

  /** Who blocks whom: the node's {@code BlockService} or a {@code BlockStore}. */
  @FunctionalInterface
  interface Blocks {
    boolean isBlocked(long blockerId, long blockedId);
  }

  private static Frame.Builder empty() {
    return Frame.newBuilder().setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance());
  }
}
