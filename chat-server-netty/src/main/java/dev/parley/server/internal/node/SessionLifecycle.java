package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.MailboxIdentity;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionToken;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.server.internal.transport.ConnectionLimiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's life: Login (token check, the device it is, presence bind under the user's login lock
 * with the deployment's {@link dev.parley.core.model.LoginPolicy}, kick of the sessions the policy
 * evicted wherever they are, with the policy's reason, the login reply), Logout (which revokes the session's token), and the clean-up when a connection
 * closes (unbind presence only if it still names this session). Friends who are online hear a
 * {@code PresenceEvent} when a user comes online (first session) or goes offline (last session ends),
 * and so does the host's event listener ({@link HostEventDispatcher}).
 *
 * <p>Thread-safe; login and logout run in the session's order where the node's {@link RequestThreading}
 * puts requests (an event loop when inline, a blocking-work thread when offloaded).
 */
public final class SessionLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);

  private final NodeContext ctx;

  public SessionLifecycle(NodeContext ctx) {
    this.ctx = ctx;
  }

  Frame.Builder login(ChatSession s, Frame f) {
    if (s.isLoggedIn()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "session " + s.sessionId() + " is already logged in as user " + s.userId());
    }
    ChatProtocol.LoginRequest request = f.getLogin();
    SessionToken token = ctx.tokens().verify(request.getToken())
        .orElseThrow(() -> new ChatException(ErrorCode.UNAUTHORIZED, "unknown or expired session token"));
    return loginWith(s, request, token);
  }

  /**
   * Logs {@code s} in with {@code token}, a live token already verified (by {@link #login}, or
   * just issued for a credential login): the rest of a token login, from the device check on.
   */
  Frame.Builder loginWith(ChatSession s, ChatProtocol.LoginRequest request, SessionToken token) {
    if (s.isLoggedIn()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "session " + s.sessionId() + " is already logged in as user " + s.userId());
    }
    DeviceInfo device = device(token, request, s);
    long userId = token.userId();
    PresenceBinding binding = new PresenceBinding(userId, ctx.nodeId(), s.sessionId(), device.deviceId(),
        device.platform(), Instant.EPOCH);
    boolean[] wasOnline = {false};
    ctx.loginLock().withLock(userId, () -> {
      s.loginAs(token, device); // before bind, so a push racing the bind already finds this session
      try {
        BindResult bound = ctx.presence().bind(binding, ctx.limits().loginPolicy());
        wasOnline[0] = bound.wasOnline();
        for (Eviction e : bound.evicted()) {
          ctx.router().kick(e.binding(), e.reason());
        }
      } catch (RuntimeException e) {
        s.logout();
        throw e;
      }
      return null;
    });
    ctx.metrics().login();
    if (!wasOnline[0]) {
      ctx.hostEvents().userOnline(userId);
    }
    markSeen(token);
    ConnectionLimiter.releaseEarly(s.channel()); // logged in: no longer counts against its address's cap
    return Frame.newBuilder().setLoginResponse(loginResponse(s, userId, device, !wasOnline[0]));
  }

  /**
   * The device a login is: a token issued for a device logs in only that device (another
   * {@code device_id} is UNAUTHORIZED) on the token's platform; a token for no device takes the
   * request's device id and platform, or, without a device id, a device of this session alone.
   */
  static DeviceInfo device(SessionToken token, ChatProtocol.LoginRequest request, ChatSession s) {
    String asked = request.getDeviceId();
    if (token.device().named()) {
      if (!asked.isEmpty() && !asked.equals(token.device().deviceId())) {
        throw new ChatException(ErrorCode.UNAUTHORIZED, "this session token was issued for another device");
      }
      return token.device();
    }
    Platform platform = Platform.fromWireValue(request.getPlatformValue());
    if (asked.isEmpty()) {
      return new DeviceInfo("session:" + s.sessionId(), platform, "");
    }
    return DeviceInfo.of(asked, platform, "");
  }

  private void markSeen(SessionToken token) {
    try {
      ctx.tokens().markSeen(token.token(), Instant.now());
    } catch (RuntimeException e) {
      log.debug("could not record when token of user {} was last used: {}", token.userId(), e.toString());
    }
  }

  private ChatProtocol.LoginResponse loginResponse(ChatSession s, long userId, DeviceInfo device, boolean cameOnline) {
    List<FriendView> views = ctx.friends().listFriends(userId);
    Map<Long, List<PresenceBinding>> online = ctx.presence().lookupAll(
        views.stream().map(v -> v.profile().userId()).toList());
    List<ChatProtocol.Friend> friends = FriendRequests.friendsWithPresence(ctx, userId, views, online);
    MailboxIdentity mailbox = ctx.messages().mailboxIdentity(userId);
    ChatProtocol.LoginResponse.Builder out = ChatProtocol.LoginResponse.newBuilder()
        .setDeploymentId(mailbox.deploymentId())
        .setMailboxEpoch(mailbox.epoch())
        .setProfile(ProtoMapper.profile(ctx.profiles().get(userId)))
        .addAllFriends(friends)
        .setMailboxSeq(ctx.messages().lastSeq(userId))
        .setAckedSeq(ctx.messages().ackedSeq(userId))
        .setSessionId(s.sessionId())
        .setDeviceId(device.deviceId())
        .setReadReceiptsEnabled(ctx.limits().readReceipts())
        .setSettings(SettingsRequests.settings(ctx.profiles().settings(userId)))
        .setHeartbeatIntervalMs((int) ctx.limits().heartbeatInterval().toMillis());
    ctx.friends().pendingRequests(userId)
        .forEach(v -> out.addPendingRequests(ProtoMapper.friendRequest(v.request(), v.from())));
    // last_seq: what to SyncGroup. Without last messages: 500 groups of 4,000-character texts would
    // make the response megabytes; ListGroups pages them.
    ctx.groups().listAll(userId).forEach(g -> out.addGroups(ProtoMapper.summary(g).toBuilder().clearLastMessage()));
    if (cameOnline) { // friends hear only when the user's overall state changes
      // the friends online, also those who block this user (they still see it; it does not see them)
      announce(userId, true, List.copyOf(online.keySet()));
    }
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
    unbind(userId, s.sessionId(), null);
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
    SessionToken token = s.token();
    if (!ctx.threading().runWork(() -> unbind(userId, s.sessionId(), token))) {
      // The binding then expires with the presence TTL: this node no longer refreshes it.
      log.warn("could not unbind user {} session {} now: the blocking-work pool is full", userId, s.sessionId());
    }
  }

  private void unbind(long userId, String sessionId, SessionToken token) {
    if (token != null) {
      markSeen(token); // the device's "last seen"
    }
    try {
      if (ctx.presence().unbind(userId, sessionId) == UnbindResult.WENT_OFFLINE) {
        ctx.hostEvents().userOffline(userId);
        List<Long> friendIds = ctx.friendStore().listFriends(userId).stream().map(fs -> fs.friendId()).toList();
        announce(userId, false, friendIds);
      }
    } catch (RuntimeException e) {
      log.warn("unbinding user {} session {} failed; the binding will expire", userId, sessionId, e);
    }
  }

  /** Tells {@code friendIds}' sessions, but those of the friends {@code userId} blocks (hidden from them). */
  private void announce(long userId, boolean online, List<Long> allFriendIds) {
    List<Long> friendIds = allFriendIds.stream().filter(id -> !ctx.blocks().isBlocked(userId, id)).toList();
    if (friendIds.isEmpty()) {
      return;
    }
    Frame event = Frame.newBuilder().setPresenceEvent(
        ChatProtocol.PresenceEvent.newBuilder().setUserId(userId).setOnline(online)).build();
    List<PresenceBinding> targets = new ArrayList<>();
    ctx.presence().lookupAll(friendIds).values().forEach(targets::addAll);
    ctx.router().pushToAll(targets, event);
  }
}
