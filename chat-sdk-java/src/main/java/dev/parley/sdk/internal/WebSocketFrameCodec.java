package dev.parley.sdk.internal;

import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.BadFrame;
import dev.parley.netty.internal.FrameParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * The chat protocol over WebSocket messages, binary mode: each outgoing {@link Frame} becomes one
 * binary message of exactly its protobuf bytes (no length prefix), and each incoming binary
 * message is parsed as one frame, so the handlers after this one see the same frames as over TCP.
 * A message that is not a valid frame, or a text message (the JSON mode is for browsers), arrives
 * as a {@link BadFrame} (MALFORMED_FRAME). Control frames are handled before this codec by Netty's
 * {@code WebSocketClientProtocolHandler}; fragments are joined by a {@code WebSocketFrameAggregator}.
 * Stateless and sharable.
 */
@Sharable
final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, Frame> {
  static final WebSocketFrameCodec INSTANCE = new WebSocketFrameCodec();

  private WebSocketFrameCodec() {}

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    out.add(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray())));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame message, List<Object> out) {
    if (message instanceof BinaryWebSocketFrame) {
      out.add(FrameParser.parse(message.content()));
    } else if (message instanceof TextWebSocketFrame) {
      out.add(new BadFrame(ErrorCode.MALFORMED_FRAME,
          "text WebSocket message from the node; the SDK speaks binary messages, one parley.v1.Frame each"));
    }
    // ping, pong and close never get here: the protocol handler answers, drops or closes
  }
}
