package dev.parley.server.internal.node;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.time.Duration;
import java.util.Map;

/**
 * Typing (issue 15): {@code TypingRequest{to_user_id | group_id, state}} relayed as a
 * {@code TypingEvent} to the online sessions of the peer (1:1) or of the group's other members,
 * through the {@link EventRouter} (local writes, one Deliver per other node); never stored, and
 * a session that is offline simply misses it. 1:1 typing reaches only a friend (or anyone when the
 * deployment allows strangers: NOT_FRIENDS otherwise, without looking the user up) and nobody who
 * blocks the sender (then it is answered like a relayed one and goes nowhere); group typing needs
 * the sender to be a member (NOT_A_MEMBER). Past {@link TypingLimiter}'s rates RATE_LIMITED,
 * nothing relayed. Thread-safe.
 */
final class TypingRequests {
  private final NodeContext ctx;
  private final TypingLimiter limiter = new TypingLimiter(Ticker.systemTicker());

  TypingRequests(NodeContext ctx) {
    this.ctx = ctx;
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.TYPING, this::typing);
  }

  private Frame.Builder typing(ChatSession s, Frame f) {
    ChatProtocol.TypingRequest r = f.getTyping();
    long from = s.userId();
    checkRequest(from, r);
    long wait = limiter.acquire(s);
    if (wait > 0) {
      Duration retry = Duration.ofNanos(wait);
      throw ChatException.rateLimited("too many typing indicators from user " + from + " (a session may send "
          + TypingLimiter.SESSION_BURST + " at once and " + TypingLimiter.SESSION_PER_SECOND + " a second, a user "
          + TypingLimiter.USER_BURST + " and " + TypingLimiter.USER_PER_SECOND + "); retry in "
          + retry.toMillis() + " ms", retry);
    }
    ChatProtocol.TypingEvent.Builder event = ChatProtocol.TypingEvent.newBuilder()
        .setFromUserId(from).setState(r.getState());
    if (r.getToUserId() != 0) {
      relayToPeer(from, r.getToUserId(), event.setToUserId(r.getToUserId()));
    } else {
      long[] audience = ctx.groups().typingAudience(from, r.getGroupId());
      ctx.router().pushToUsers(audience, Frame.newBuilder().setTypingEvent(event.setGroupId(r.getGroupId())).build(),
          s.sessionId());
    }
    return Frame.newBuilder().setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance());
  }

  private void relayToPeer(long from, long to, ChatProtocol.TypingEvent.Builder event) {
    if (!ctx.limits().allowStrangers() && !ctx.friendStore().areFriends(from, to)) {
      throw new ChatException(ErrorCode.NOT_FRIENDS, "user " + to + " is not a friend of " + from);
    }
    if (ctx.blocks().isBlocked(to, from)) {
      return; // answered like a relayed one: the sender learns nothing
    }
    ctx.router().pushToUser(to, Frame.newBuilder().setTypingEvent(event).build());
  }

  private static void checkRequest(long from, ChatProtocol.TypingRequest r) {
    boolean toUser = r.getToUserId() != 0;
    boolean toGroup = r.getGroupId() != 0;
    if (toUser == toGroup) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "a typing indicator names exactly one of to_user_id and "
          + "group_id; to_user_id=" + r.getToUserId() + ", group_id=" + r.getGroupId());
    }
    if (r.getToUserId() < 0 || r.getGroupId() < 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "to_user_id and group_id must not be negative");
    }
    if (r.getToUserId() == from) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + from + " cannot type to itself");
    }
    if (r.getState() != ChatProtocol.TypingState.TYPING && r.getState() != ChatProtocol.TypingState.STOPPED) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "state must be TYPING or STOPPED, was " + r.getState());
    }
  }
}
