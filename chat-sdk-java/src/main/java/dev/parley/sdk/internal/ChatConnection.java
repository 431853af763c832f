package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import dev.parley.netty.internal.BadFrame;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a chat node (TCP or WebSocket, with or without TLS): numbers requests,
 * matches responses to them by request id, times them out, sends heartbeats, and hands pushes and
 * the closing to {@link Events}.
 *
 * <p>Confined to its event loop: every method must be called there, and every callback and future
 * completion happens there.
 */
final class ChatConnection {
  private static final Logger log = LoggerFactory.getLogger(ChatConnection.class);

  /** What the owner of a connection hears. Called on the event loop. */
  interface Events {
    void onPush(ChatConnection connection, Frame frame);

    void onClosed(ChatConnection connection, ChatException cause);
  }

  private record Pending(String kind, CompletableFuture<Frame> result, ScheduledFuture<?> timer) {}

  private final Channel channel;
  private final ChatAddress address;
  private final SessionSettings settings;
  private final Events events;
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextRequestId = 1;
  private ChatException closeCause;
  private boolean closed;

  private ChatConnection(Channel channel, ChatAddress address, SessionSettings settings, Events events) {
    this.channel = channel;
    this.address = address;
    this.settings = settings;
    this.events = events;
  }

  /**
   * A connection over {@code channel}, whose pipeline ends in {@code handler} (now attached to it);
   * for the unit tests of the session's state machines, which run it on an {@code EmbeddedChannel}.
   */
  static ChatConnection over(Channel channel, ConnectionHandler handler, ChatAddress address,
      SessionSettings settings, Events events) {
    ChatConnection connection = new ChatConnection(channel, address, settings, events);
    handler.attach(connection);
    return connection;
  }

  /**
   * Connects to {@code address} on {@code loop} with the settings' transport (TLS when the
   * address says so); the future completes on the loop once frames may flow (after the TLS
   * handshake and the WebSocket upgrade), or fails with UNAVAILABLE saying which step failed.
   */
  static CompletableFuture<ChatConnection> open(EventLoop loop, Transport transport, ChatAddress address,
      SessionSettings settings, Events events) {
    boolean webSocket = settings.transport() == ChatTransport.WEBSOCKET;
    if (webSocket && !address.hasWebSocket()) {
      return CompletableFuture.failedFuture(new ChatException(ErrorCode.UNAVAILABLE, "chat node " + address
          + " has no WebSocket endpoint (its address carries no wsPort); use ChatTransport.TCP or give the node"
          + " a WebSocket listener"));
    }
    CompletableFuture<ChatConnection> result = new CompletableFuture<>();
    ConnectionHandler handler = new ConnectionHandler();
    ConnectionReadiness readiness = new ConnectionReadiness(address.tls(), webSocket);
    Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport.channelType())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ConnectionInitializer(settings, address, readiness, handler));
    int port = ConnectionInitializer.portFor(address, settings.transport());
    String target = (webSocket ? ConnectionInitializer.webSocketUri(address).toString() : address.toString());
    ChannelFuture connect = bootstrap.connect(address.host(), port);
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(new ChatException(ErrorCode.UNAVAILABLE,
            "cannot connect to chat node " + target + ": " + f.cause(), f.cause()));
        return;
      }
      readiness.ready().whenComplete((ready, error) -> {
        if (error != null) {
          connect.channel().close();
          result.completeExceptionally(new ChatException(ErrorCode.UNAVAILABLE,
              "cannot connect to chat node " + target + ": " + error.getMessage(), error));
          return;
        }
        ChatConnection connection = new ChatConnection(connect.channel(), address, settings, events);
        handler.attach(connection);
        result.complete(connection);
      });
    });
    return result;
  }

  EventLoop eventLoop() {
    return channel.eventLoop();
  }

  ChatAddress address() {
    return address;
  }

  boolean isOpen() {
    return !closed && channel.isActive();
  }

  /** Pauses or resumes reading from the node (back-pressure from a slow listener). */
  void setReading(boolean reading) {
    channel.config().setAutoRead(reading);
  }

  /**
   * Sends {@code frame} with a fresh request id. The future completes with the response frame,
   * or fails with the node's Error as a {@link ChatException}, with UNAVAILABLE after
   * {@code timeout}, or with {@link ConnectionLostException} when the connection closes first.
   */
  CompletableFuture<Frame> request(Frame.Builder frame, String kind, Duration timeout) {
    CompletableFuture<Frame> result = new CompletableFuture<>();
    if (!isOpen()) {
      result.completeExceptionally(lost());
      return result;
    }
    long id = nextRequestId++;
    ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> timeOut(id, timeout), timeout.toMillis(),
        TimeUnit.MILLISECONDS);
    pending.put(id, new Pending(kind, result, timer));
    channel.writeAndFlush(frame.setRequestId(id).build());
    return result;
  }

  /** Closes the connection; pending requests fail with {@code cause}. Idempotent. */
  void close(ChatException cause) {
    if (closeCause == null) {
      closeCause = cause;
    }
    channel.close();
  }

  void onFrame(Frame frame) {
    if (frame.getRequestId() == 0) {
      if (frame.hasError()) {
        // an error outside any request: the node is about to close us; remember why
        closeCause = ProtoMapping.error(frame.getError());
        return;
      }
      events.onPush(this, frame);
      return;
    }
    Pending p = pending.remove(frame.getRequestId());
    if (p == null) {
      log.debug("response to unknown or timed-out request {} from {}", frame.getRequestId(), address);
      return;
    }
    p.timer().cancel(false);
    if (frame.hasError()) {
      p.result().completeExceptionally(ProtoMapping.error(frame.getError()));
    } else {
      p.result().complete(frame);
    }
  }

  void onWriteIdle() {
    request(Frame.newBuilder().setPing(PingRequest.getDefaultInstance()), "ping", settings.requestTimeout())
        .whenComplete((pong, error) -> {
          if (error != null && !(error instanceof ConnectionLostException)) {
            close(new ChatException(ErrorCode.UNAVAILABLE, "heartbeat to " + address + " failed: " + error.getMessage()));
          }
        });
  }

  void onReadIdle() {
    if (channel.config().isAutoRead()) {
      close(new ChatException(ErrorCode.UNAVAILABLE, "no frame from chat node " + address + " for "
          + settings.readIdleTimeout().toMillis() + " ms"));
    }
  }

  void onInactive() {
    if (closed) {
      return;
    }
    closed = true;
    ChatException cause = lost();
    List<Pending> failed = new ArrayList<>(pending.values());
    pending.clear();
    for (Pending p : failed) {
      p.timer().cancel(false);
      p.result().completeExceptionally(cause);
    }
    events.onClosed(this, closeCause != null ? closeCause : cause);
  }

  /** The node sent bytes that are not a valid frame: nothing after them can be trusted. */
  void onBadFrame(BadFrame bad) {
    close(new ChatException(bad.code(), "bad data from chat node " + address + ": " + bad.detail()));
  }

  void onFailure(Throwable cause) {
    if (cause instanceof DecoderException) {
      close(new ChatException(ErrorCode.MALFORMED_FRAME, "bad data from chat node " + address + ": " + cause, cause));
    } else {
      close(new ChatException(ErrorCode.UNAVAILABLE, "connection to chat node " + address + " failed: " + cause, cause));
    }
  }

  private ConnectionLostException lost() {
    String why = closeCause != null ? ": " + closeCause.getMessage() : "";
    return new ConnectionLostException("connection to chat node " + address + " closed" + why, closeCause);
  }

  private void timeOut(long id, Duration timeout) {
    Pending p = pending.remove(id);
    if (p != null) {
      p.result().completeExceptionally(new RequestTimeoutException(
          "request " + id + " (" + p.kind() + ") timed out after " + timeout.toMillis() + " ms"));
    }
  }
}
