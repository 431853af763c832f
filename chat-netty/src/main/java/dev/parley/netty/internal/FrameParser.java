package dev.parley.netty.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Parses one frame's bytes into a {@link Frame}; bytes that are not a valid frame become a
 * {@link BadFrame} (MALFORMED_FRAME) instead of an exception. Stateless and sharable.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class FrameParser extends MessageToMessageDecoder<ByteBuf> {
  /** One instance can serve every channel. */
  public static final FrameParser INSTANCE = new FrameParser();

  FrameParser() {
    super(ByteBuf.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
    out.add(parse(bytes));
  }

  /**
   * The {@link Frame} in {@code bytes}, or a {@link BadFrame} when they are not one; does not
   * release {@code bytes}. For a pipeline that parses inside its own handler (the chat node's, one
   * handler context fewer per connection).
   */
  public static Object parse(ByteBuf bytes) {
    try {
      // Parsed in place (a direct buffer is read through Unsafe, a heap one through its array): no
      // copy of the frame's bytes first. Strings are decoded into new Strings, so nothing refers
      // to the buffer once parsing returns and the caller releases it.
      return Frame.parseFrom(bytes.nioBuffer());
    } catch (InvalidProtocolBufferException e) {
      return new BadFrame(ErrorCode.MALFORMED_FRAME, "frame is not a valid parley.v1.Frame: " + e.getMessage());
    }
  }
}
