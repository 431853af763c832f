package dev.parley.server.internal.node;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.function.Function;

/**
 * Builds the pipeline of a connection on the chat node's WebSocket port. Until the upgrade:
 * [{@code tls}, when the node has TLS] → flush batching → HTTP codec (request line 4 KiB, headers
 * 8 KiB) → aggregator of the upgrade request ({@value #UPGRADE_REQUEST_BYTES} bytes at most) →
 * {@link WebSocketUpgradeCheck} (path, upgrade, {@code Origin}) → Netty's
 * {@link WebSocketServerProtocolHandler} ({@value WebSocketSettings#PATH}, subprotocols
 * {@value WebSocketSettings#JSON_SUBPROTOCOL} and {@value WebSocketSettings#PROTO_SUBPROTOCOL},
 * no extensions, messages up to the node's frame limit, over it closed 1009) →
 * {@link WebSocketFrameCodec} → the same {@link ChatConnectionHandler} the TCP port ends with,
 * on the same shared policy: sessions, dispatcher, rate limit, login and idle sweeps.
 *
 * <p>The handshake replaces the HTTP codec with Netty's WebSocket frame decoder and encoder, and
 * removes the aggregator and the upgrade check, so an upgraded idle connection holds: flush
 * batching, the frame decoder and encoder, Netty's UTF-8 validator and protocol handler (pings
 * answered, close handshake), the codec and the connection handler. No handler holds a timer
 * (Netty's handshake timeout is off: the login sweep closes a connection that never logs in).
 *
 * <p>Sharable and thread-safe: it holds only shared, immutable or thread-safe collaborators.
 */
public final class WebSocketChannelInitializer extends ChannelInitializer<Channel> {
  /** Largest upgrade request body the aggregator holds (an upgrade has none). */
  static final int UPGRADE_REQUEST_BYTES = 8 * 1024;
  private static final int MAX_REQUEST_LINE = 4096;
  private static final int MAX_HEADERS = 8 * 1024;

  private final ChatChannelInitializer connections;
  private final WebSocketUpgradeCheck upgradeCheck;
  private final WebSocketServerProtocolConfig protocol;
  private final Function<Channel, ChannelHandler> tls;

  /**
   * @param connections the node's TCP initializer, whose policy every WebSocket session shares
   * @param settings the port's allowed origins
   * @param tls makes the first handler of each connection (an {@code SslHandler}); null: plaintext
   */
  public WebSocketChannelInitializer(ChatChannelInitializer connections, WebSocketSettings settings,
      Function<Channel, ChannelHandler> tls) {
    this.connections = connections;
    this.upgradeCheck = new WebSocketUpgradeCheck(settings.origins());
    this.tls = tls;
    int maxFrame = connections.settings().limits().maxFrameBytes();
    this.protocol = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(WebSocketSettings.PATH)
        .subprotocols(WebSocketSettings.JSON_SUBPROTOCOL + "," + WebSocketSettings.PROTO_SUBPROTOCOL)
        // Netty's timer runs only from the upgrade request until its response is written (no idle
        // connection holds it); the login sweep would close a stalled one anyway
        .handshakeTimeoutMillis(Math.max(1, connections.settings().limits().loginTimeout().toMillis()))
        .sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(maxFrame)
            .allowExtensions(false)
            .expectMaskedFrames(true)
            .closeOnProtocolViolation(true)
            .withUTF8Validator(true)
            .build())
        .build();
  }

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.apply(ch));
    }
    p.addLast("flushBatch", ChatChannelInitializer.newFlushBatch());
    p.addLast("http", new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, UPGRADE_REQUEST_BYTES));
    p.addLast("upgradeRequest", new HttpObjectAggregator(UPGRADE_REQUEST_BYTES));
    p.addLast("upgradeCheck", upgradeCheck);
    p.addLast("ws", new WebSocketServerProtocolHandler(protocol));
    p.addLast("wsFrames", new WebSocketFrameCodec());
    p.addLast("connection", connections.newConnection(ch, true));
  }
}
