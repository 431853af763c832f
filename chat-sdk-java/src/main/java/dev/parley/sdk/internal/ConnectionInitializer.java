package dev.parley.sdk.internal;

import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.VarintFrameDecoder;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatTransport;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;

/**
 * Builds a client channel's pipeline: TLS when the node's address says so; then either the chat
 * protocol's TCP framing and codec (the same classes the chat node uses; bad input arrives as a
 * {@code BadFrame}) or the WebSocket upgrade and {@link WebSocketFrameCodec}, which yield the same
 * frames; then {@link ConnectionReadiness}, idle detection and the {@link ConnectionHandler}. One
 * per connection (the handlers it installs are per connection).
 */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
  /** The WebSocket endpoint's path on a chat node. */
  static final String WEBSOCKET_PATH = "/ws";
  // the upgrade response is headers only; anything larger is not a chat node
  private static final int MAX_UPGRADE_RESPONSE_BYTES = 8192;

  private final SessionSettings settings;
  private final ChatAddress address;
  private final ConnectionReadiness readiness;
  private final ConnectionHandler handler;

  ConnectionInitializer(SessionSettings settings, ChatAddress address, ConnectionReadiness readiness,
      ConnectionHandler handler) {
    this.settings = settings;
    this.address = address;
    this.readiness = readiness;
    this.handler = handler;
  }

  /** The port a connection to {@code address} uses under {@code transport}. */
  static int portFor(ChatAddress address, ChatTransport transport) {
    return transport == ChatTransport.WEBSOCKET ? address.wsPort() : address.port();
  }

  /** {@code ws://host:wsPort/ws}, or {@code wss://} when the node speaks TLS. */
  static URI webSocketUri(ChatAddress address) {
    try {
      return new URI(address.tls() ? "wss" : "ws", null, address.host(), address.wsPort(), WEBSOCKET_PATH, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("no WebSocket URI for chat node " + address + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (address.tls()) {
      p.addLast("tls", settings.tls().newHandler(ch.alloc(), address.host(), portFor(address, settings.transport()),
          settings.connectTimeout()));
    }
    if (settings.transport() == ChatTransport.WEBSOCKET) {
      p.addLast("http", new HttpClientCodec());
      p.addLast("httpAggregator", new HttpObjectAggregator(MAX_UPGRADE_RESPONSE_BYTES));
      p.addLast("webSocket", new WebSocketClientProtocolHandler(webSocketConfig()));
      p.addLast("webSocketAggregator", new WebSocketFrameAggregator(settings.maxFrameBytes()));
      p.addLast("webSocketFrames", WebSocketFrameCodec.INSTANCE);
    } else {
      p.addLast("frameDecoder", new VarintFrameDecoder(settings.maxFrameBytes()));
      p.addLast("frameParser", FrameParser.INSTANCE);
      p.addLast("frameEncoder", FrameEncoder.INSTANCE);
    }
    p.addLast("readiness", readiness);
    p.addLast("idle", new IdleStateHandler(settings.readIdleTimeout().toMillis(),
        settings.heartbeatInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
    p.addLast("connection", handler);
  }

  private WebSocketClientProtocolConfig webSocketConfig() {
    return WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(webSocketUri(address))
        .version(WebSocketVersion.V13)
        .allowExtensions(false)
        .maxFramePayloadLength(settings.maxFrameBytes())
        .handshakeTimeoutMillis(settings.connectTimeout().toMillis())
        .handleCloseFrames(true)
        .dropPongFrames(true)
        // the SDK is not a browser: an Origin header would only invite the node's browser checks
        .generateOriginHeader(false)
        .build();
  }
}
