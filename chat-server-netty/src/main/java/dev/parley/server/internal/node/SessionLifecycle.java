package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.MailboxIdentity;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionToken;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.server.internal.transport.ConnectionLimiter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's life: Login (token check, presence bind under the user's login lock, kick of the
 * previous session wherever it is, the login reply), Logout (which revokes the session's token), and the clean-up when a connection
 * closes (unbind presence only if it still names this session). Friends who are online hear a
 * {@code PresenceEvent} when a user comes online or goes offline.
 *
 * <p>Thread-safe; login and logout run in the session's order where the node's {@link RequestThreading}
 * puts requests (an event loop when inline, a blocking-work thread when offloaded).
 */
public final class SessionLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);
  static final String KICK_REASON = "logged in from another session";

  private final NodeContext ctx;

  public SessionLifecycle(NodeContext ctx) {
    this.ctx = ctx;
  }

  Frame.Builder login(ChatSession s, Frame f) {
    if (s.isLoggedIn()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "session " + s.sessionId() + " is already logged in as user " + s.userId());
    }
    SessionToken token = ctx.tokens().verify(f.getLogin().getToken())
        .orElseThrow(() -> new ChatException(ErrorCode.UNAUTHORIZED, "unknown or expired session token"));
    long userId = token.userId();
    ctx.loginLock().withLock(userId, () -> {
      s.loginAs(token); // before bind, so a push racing the bind already finds this session
      try {
        ctx.presence().bind(userId, ctx.nodeId(), s.sessionId())
            .filter(previous -> !previous.sessionId().equals(s.sessionId()))
            .ifPresent(previous -> ctx.router().kick(previous, KICK_REASON));
      } catch (RuntimeException e) {
        s.logout();
        throw e;
      }
      return null;
    });
    ctx.metrics().login();
    ConnectionLimiter.releaseEarly(s.channel()); // logged in: no longer counts against its address's cap
    return Frame.newBuilder().setLoginResponse(loginResponse(s, userId));
  }

  private ChatProtocol.LoginResponse loginResponse(ChatSession s, long userId) {
    List<ChatProtocol.Friend> friends = FriendRequests.friendsWithPresence(ctx, userId);
    MailboxIdentity mailbox = ctx.messages().mailboxIdentity(userId);
    ChatProtocol.LoginResponse.Builder out = ChatProtocol.LoginResponse.newBuilder()
        .setDeploymentId(mailbox.deploymentId())
        .setMailboxEpoch(mailbox.epoch())
        .setProfile(ProtoMapper.profile(ctx.profiles().get(userId)))
        .addAllFriends(friends)
        .setMailboxSeq(ctx.messages().lastSeq(userId))
        .setAckedSeq(ctx.messages().ackedSeq(userId))
        .setSessionId(s.sessionId())
        .setHeartbeatIntervalMs((int) ctx.limits().heartbeatInterval().toMillis());
    ctx.friends().pendingRequests(userId)
        .forEach(v -> out.addPendingRequests(ProtoMapper.friendRequest(v.request(), v.from())));
    announce(userId, true, friends.stream().filter(ChatProtocol.Friend::getOnline)
        .map(fr -> fr.getProfile().getUserId()).toList());
    return out.build();
  }

  /** Revokes the session's token (it no longer logs in or routes anywhere), unbinds and closes. */
  Frame.Builder logout(ChatSession s, Frame f) {
    long userId = s.userId();
    SessionToken token = s.token();
    if (token != null) {
      ctx.tokens().revoke(token.token()); // first: when the store fails, the session stays logged in
    }
    s.logout();
    unbind(userId, s.sessionId());
    s.closeAfter(Frame.newBuilder().setRequestId(f.getRequestId())
        .setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance()).build());
    return null;
  }

  /**
   * Called on the event loop when a connection has closed; the unbind runs where the node's
   * {@link RequestThreading} runs work (at once when inline, on a blocking-work thread when offloaded).
   */
  void closed(ChatSession s) {
    long userId = s.userId();
    if (userId == 0) {
      return;
    }
    if (!ctx.threading().runWork(() -> unbind(userId, s.sessionId()))) {
      // The binding then expires with the presence TTL: this node no longer refreshes it.
      log.warn("could not unbind user {} session {} now: the blocking-work pool is full", userId, s.sessionId());
    }
  }

  private void unbind(long userId, String sessionId) {
    try {
      if (ctx.presence().unbind(userId, sessionId)) {
        List<Long> friendIds = ctx.friendStore().listFriends(userId).stream().map(fs -> fs.friendId()).toList();
        announce(userId, false, friendIds);
      }
    } catch (RuntimeException e) {
      log.warn("unbinding user {} session {} failed; the binding will expire", userId, sessionId, e);
    }
  }

  private void announce(long userId, boolean online, List<Long> friendIds) {
    if (friendIds.isEmpty()) {
      return;
    }
    Frame event = Frame.newBuilder().setPresenceEvent(
        ChatProtocol.PresenceEvent.newBuilder().setUserId(userId).setOnline(online)).build();
    for (PresenceBinding b : ctx.presence().lookupAll(friendIds).values()) {
      ctx.router().pushTo(b, event);
    }
  }
}
