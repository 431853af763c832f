package dev.parley.server.internal.node;

import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.SessionToken;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its channel, its session id (made at connect time), the user it acts as
 * once logged in, and its serial work queue (null when the node runs requests inline). Writes may come from any thread; Netty hands them to
 * the channel's event loop.
 *
 * <p>Thread-safe: the user id, token and closing flag are volatile; the channel is thread-safe.
 */
public final class ChatSession {
  private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

  private final String sessionId = UUID.randomUUID().toString();
  private final Channel channel;
  private final SessionWorkQueue work;
  private final long maxPendingWriteBytes;
  private volatile long userId;
  private volatile SessionToken token;
  private volatile DeviceInfo device;
  private final boolean webSocket;
  private volatile boolean closing;
  private volatile boolean muted;

  ChatSession(Channel channel, SessionWorkQueue work, long maxPendingWriteBytes) {
    this(channel, work, maxPendingWriteBytes, false);
  }

  ChatSession(Channel channel, SessionWorkQueue work, long maxPendingWriteBytes, boolean webSocket) {
    this.channel = channel;
    this.work = work;
    this.maxPendingWriteBytes = maxPendingWriteBytes;
    this.webSocket = webSocket;
  }

  /** True for a connection on the WebSocket port, false for the TCP port. */
  boolean isWebSocket() {
    return webSocket;
  }

  public String sessionId() {
    return sessionId;
  }

  /** The logged-in user's id; 0 before login. */
  public long userId() {
    return userId;
  }

  public boolean isLoggedIn() {
    return userId != 0;
  }

  /** The token the session logged in with; null before login and after logout. */
  public SessionToken token() {
    return token;
  }

  /** The device the session logged in as; null before login and after logout. */
  public DeviceInfo device() {
    return device;
  }

  void loginAs(SessionToken t, DeviceInfo d) {
    token = t;
    device = d;
    userId = t.userId();
  }

  void logout() {
    userId = 0;
    token = null;
    device = null;
    muted = false;
  }

  /**
   * True once the client sent {@code MuteSessionRequest{muted: true}} (an app in the background):
   * the session still gets every push, but its user counts as offline for the offline push unless
   * another session of theirs is not muted. Cleared by an unmute and by logout.
   */
  public boolean isMuted() {
    return muted;
  }

  void mute(boolean v) {
    muted = v;
  }

  Channel channel() {
    return channel;
  }

  SessionWorkQueue work() {
    return work;
  }

  boolean isClosing() {
    return closing || !channel.isActive();
  }

  /** Sends a response. */
  void reply(Frame frame) {
    if (!isClosing()) {
      channel.writeAndFlush(frame, channel.voidPromise());
    }
  }

  /**
   * Sends a push; false when the session is closing. A session whose unsent output has grown past
   * the bound is dropped here: its user syncs the missed pushes from the mailbox after reconnecting.
   */
  boolean push(Frame frame) {
    if (isClosing()) {
      return false;
    }
    if (!channel.isWritable() && channel.bytesBeforeWritable() > maxPendingWriteBytes) {
      log.info("dropping session {} of user {}: {} bytes of output pending, limit {}",
          sessionId, userId, channel.bytesBeforeWritable(), maxPendingWriteBytes);
      close();
      return false;
    }
    channel.writeAndFlush(frame, channel.voidPromise());
    return true;
  }

  /** Sends {@code last} (if the channel still takes writes) and closes once it is flushed. */
  void closeAfter(Frame last) {
    closing = true;
    channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
  }

  void close() {
    closing = true;
    channel.close();
  }

  @Override
  public String toString() {
    return "ChatSession[" + sessionId + ", user=" + userId + ", " + (webSocket ? "ws " : "") + channel.remoteAddress() + "]";
  }
}
