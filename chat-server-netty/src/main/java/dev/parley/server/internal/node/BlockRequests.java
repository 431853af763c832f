package dev.parley.server.internal.node;

import dev.parley.core.model.PresenceBinding;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.List;
import java.util.Map;

/**
 * BlockUser, UnblockUser and ListBlocked (issue 15), acting as the session's user. A new block of a
 * friend who is online tells that friend's sessions the blocker went offline (its presence is
 * hidden from them from now on), and an unblock tells them it is online again, so their friend
 * lists stay right without a ListFriends. Thread-safe; stateless beyond the shared context.
 */
final class BlockRequests {
  private final NodeContext ctx;

  BlockRequests(NodeContext ctx) {
    this.ctx = ctx;
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.BLOCK_USER, this::block);
    handlers.put(BodyCase.UNBLOCK_USER, this::unblock);
    handlers.put(BodyCase.LIST_BLOCKED, this::list);
  }

  private Frame.Builder block(ChatSession s, Frame f) {
    long target = f.getBlockUser().getUserId();
    if (ctx.blocks().block(s.userId(), target)) {
      presenceChanged(s.userId(), target, false);
    }
    return empty();
  }

  private Frame.Builder unblock(ChatSession s, Frame f) {
    long target = f.getUnblockUser().getUserId();
    if (ctx.blocks().unblock(s.userId(), target)) {
      presenceChanged(s.userId(), target, true);
    }
    return empty();
  }

  private Frame.Builder list(ChatSession s, Frame f) {
    ChatProtocol.ListBlockedResponse.Builder out = ChatProtocol.ListBlockedResponse.newBuilder();
    ctx.blocks().blocked(s.userId()).forEach(b -> out.addUsers(ProtoMapper.blockedUser(b)));
    return Frame.newBuilder().setListBlockedResponse(out);
  }

  /** What {@code viewerId} sees of {@code userId}'s presence changed: push it, if they are friends and it is online. */
  private void presenceChanged(long userId, long viewerId, boolean visible) {
    if (!ctx.friendStore().areFriends(userId, viewerId)) {
      return; // only friends see presence
    }
    List<PresenceBinding> own = ctx.presence().sessions(userId);
    if (own.isEmpty()) {
      return; // offline either way
    }
    ctx.router().pushToUser(viewerId, Frame.newBuilder().setPresenceEvent(
        ChatProtocol.PresenceEvent.newBuilder().setUserId(userId).setOnline(visible)).build());
  }

  private static Frame.Builder empty() {
    return Frame.newBuilder().setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance());
  }
}
