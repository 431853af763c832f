package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.server.internal.grpc.LocalDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions connected to this node, by session id. Pushes and kicks address a session by
 * (user id, session id) as the presence registry names it; a session that has since closed or
 * belongs to another user is simply not found.
 *
 * <p>Thread-safe (a concurrent map); owned by the node.
 */
public final class LocalSessions implements LocalDelivery {
  private final ConcurrentMap<String, ChatSession> bySessionId = new ConcurrentHashMap<>();
  private final AtomicInteger webSockets = new AtomicInteger();
  private final NodeMetrics metrics;

  public LocalSessions(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  void add(ChatSession session) {
    if (bySessionId.put(session.sessionId(), session) == null && session.isWebSocket()) {
      webSockets.incrementAndGet();
    }
  }

  void remove(ChatSession session) {
    if (bySessionId.remove(session.sessionId(), session) && session.isWebSocket()) {
      webSockets.decrementAndGet();
    }
  }

  /** Open connections, logged in or not. */
  public int count() {
    return bySessionId.size();
  }

  /** Open connections on the WebSocket port, logged in or not (a part of {@link #count()}). */
  public int webSocketCount() {
    return webSockets.get();
  }

  /** A snapshot of the logged-in sessions. */
  public List<ChatSession> loggedIn() {
    List<ChatSession> out = new ArrayList<>();
    for (ChatSession s : bySessionId.values()) {
      if (s.isLoggedIn()) {
        out.add(s);
      }
    }
    return out;
  }

  /** A snapshot of every open session. */
  public List<ChatSession> all() {
    return new ArrayList<>(bySessionId.values());
  }

  /** Closes every session and waits (a few seconds at most) until their channels are closed. */
  public void closeAll() {
    List<io.netty.channel.ChannelFuture> closing = new ArrayList<>();
    for (ChatSession s : bySessionId.values()) {
      s.close();
      closing.add(s.channel().closeFuture());
    }
    for (io.netty.channel.ChannelFuture f : closing) {
      f.awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Override
  public boolean deliver(long userId, String sessionId, Frame frame) {
    ChatSession s = bySessionId.get(sessionId);
    if (s == null || s.userId() != userId || !s.push(frame)) {
      return false;
    }
    if (frame.hasMessageEvent()) {
      metrics.messageDelivered();
    } else if (frame.hasGroupMessageEvent()) {
      metrics.groupMessageDelivered();
    }
    return true;
  }

  @Override
  public boolean isMuted(long userId, String sessionId) {
    ChatSession s = bySessionId.get(sessionId);
    return s != null && s.userId() == userId && s.isMuted();
  }

  @Override
  public boolean kick(long userId, String sessionId, dev.parley.core.model.KickReason code, String reason) {
    ChatSession s = bySessionId.get(sessionId);
    if (s == null || s.userId() != userId) {
      return false;
    }
    s.closeAfter(Frames.kicked(code, reason));
    return true;
  }
}
