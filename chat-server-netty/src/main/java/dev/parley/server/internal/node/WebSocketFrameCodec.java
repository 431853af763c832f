package dev.parley.server.internal.node;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.BadFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns WebSocket data messages into what {@link ChatConnectionHandler} reads, and the session's
 * {@link Frame}s into WebSocket messages: a binary message is one {@code parley.v1.Frame}'s
 * protobuf bytes (no length prefix: the message is the frame), a text message the proto3 JSON
 * mapping of one frame. Text that is not JSON, or JSON that is not a {@code Frame} (an unknown
 * field included), becomes a {@link BadFrame} (MALFORMED_FRAME), answered and closed like a bad
 * frame on the TCP port.
 *
 * <p>Replies and pushes go out in the connection's mode: the subprotocol chosen at the handshake
 * ({@value WebSocketSettings#JSON_SUBPROTOCOL} or {@value WebSocketSettings#PROTO_SUBPROTOCOL})
 * fixes it; without one, the first data message decides (binary until then). Fragmented messages
 * are refused (MALFORMED_FRAME, then close) rather than aggregated, so no connection holds an
 * aggregator: browsers and the JDK client send each message as one frame. Control frames (ping,
 * pong, close) are Netty's; a pong still counts as activity for the idle sweep, which reads every
 * arrival of bytes.
 *
 * <p>One instance per channel; used only on the channel's event loop.
 */
final class WebSocketFrameCodec extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFrameCodec.class);
  private static final JsonFormat.Parser JSON_IN = JsonFormat.parser();
  private static final JsonFormat.Printer JSON_OUT = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final byte UNDECIDED = 0;
  private static final byte BINARY = 1;
  private static final byte TEXT = 2;
  private static final int SCRATCH_BYTES = 4096;
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[SCRATCH_BYTES];
    }
  };

  private byte mode = UNDECIDED;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!frame.isFinalFragment() || !(frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame)) {
      frame.release(); // a continuation, or the first part of a fragmented message
      ctx.fireChannelRead(new BadFrame(ErrorCode.MALFORMED_FRAME,
          "fragmented WebSocket messages are not supported; send each frame as one message"));
      return;
    }
    if (frame instanceof BinaryWebSocketFrame) {
      decide(BINARY);
      ctx.fireChannelRead(frame.content()); // the frame's bytes; ChatConnectionHandler parses and releases them
      return;
    }
    decide(TEXT);
    Object parsed;
    try {
      parsed = fromJson(((TextWebSocketFrame) frame).text());
    } finally {
      frame.release();
    }
    ctx.fireChannelRead(parsed);
  }

  private void decide(byte m) {
    if (mode == UNDECIDED) {
      mode = m;
    }
  }

  private static Object fromJson(String json) {
    Frame.Builder builder = Frame.newBuilder();
    try {
      JSON_IN.merge(json, builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      return new BadFrame(ErrorCode.MALFORMED_FRAME, "text message is not a parley.v1.Frame in JSON: " + e.getMessage());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof HandshakeComplete done) {
      String subprotocol = done.selectedSubprotocol();
      if (WebSocketSettings.JSON_SUBPROTOCOL.equals(subprotocol)) {
        mode = TEXT;
      } else if (WebSocketSettings.PROTO_SUBPROTOCOL.equals(subprotocol)) {
        mode = BINARY;
      }
      return; // nothing after this handler wants it
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof Frame frame)) {
      ctx.write(msg, promise);
      return;
    }
    WebSocketFrame out;
    try {
      out = mode == TEXT ? new TextWebSocketFrame(ByteBufUtil.writeUtf8(ctx.alloc(), JSON_OUT.print(frame)))
          : new BinaryWebSocketFrame(binary(ctx, frame));
    } catch (IOException e) { // the printer fails only on an Any it cannot resolve; Frame has none
      promise.tryFailure(e);
      return;
    }
    ctx.write(out, promise);
  }

  private static ByteBuf binary(ChannelHandlerContext ctx, Frame frame) throws IOException {
    int size = frame.getSerializedSize();
    ByteBuf buf = ctx.alloc().ioBuffer(size);
    try {
      if (size <= SCRATCH_BYTES) { // as FrameEncoder: protobuf's array encoder, then one copy
        byte[] scratch = SCRATCH.get();
        CodedOutputStream cos = CodedOutputStream.newInstance(scratch, 0, size);
        frame.writeTo(cos);
        cos.checkNoSpaceLeft();
        buf.writeBytes(scratch, 0, size);
      } else {
        buf.writeBytes(frame.toByteArray());
      }
      return buf;
    } catch (IOException | RuntimeException e) {
      ReferenceCountUtil.release(buf);
      throw e;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedFrameException) {
      // Netty's decoder already answered (1009 for a message over the limit, 1002 for a protocol
      // error) and closes once that is written: a client error, not worth more than a debug line.
      // Not closed here: a close from this side would go through Netty's protocol handler, which
      // sends a second close frame and waits for it (up to its force-close timeout)
      log.debug("closing WebSocket {}: {}", ctx.channel().remoteAddress(), cause.toString());
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
