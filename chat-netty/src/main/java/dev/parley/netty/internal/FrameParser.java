package dev.parley.netty.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;

/**
 * Parses one frame's bytes into a {@link Frame}; bytes that are not a valid frame become a
 * {@link BadFrame} (MALFORMED_FRAME) instead of an exception. Stateless and sharable.
 *
 * <p>A heap buffer is parsed from its array. A direct buffer (what sockets read into) of up to
 * {@value #SCRATCH_BYTES} bytes is first copied into a per-thread scratch array and parsed from
 * there: protobuf's array decoder makes each string field with one {@code new String(bytes, UTF_8)},
 * where its direct-buffer decoder needs two {@code ByteBuffer} views, a {@code char[]} of twice the
 * string's length and the string (measured: ~260 bytes less per SendMessage; the copy is ~100 bytes
 * of memcpy, nothing allocated). Larger frames are parsed in place. Strings never refer to the
 * buffer or the scratch array once parsing returns.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class FrameParser extends MessageToMessageDecoder<ByteBuf> {
  /** One instance can serve every channel. */
  public static final FrameParser INSTANCE = new FrameParser();

  // Bounds the scratch memory per thread (event loops only, in practice); chat frames are small.
  private static final int SCRATCH_BYTES = 4096;
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[SCRATCH_BYTES];
    }
  };

  FrameParser() {
    super(ByteBuf.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
    try {
      out.add(parse(bytes));
    } catch (InvalidProtocolBufferException e) {
      out.add(new BadFrame(ErrorCode.MALFORMED_FRAME, "frame is not a valid parley.v1.Frame: " + e.getMessage()));
    }
  }

  private static Frame parse(ByteBuf bytes) throws InvalidProtocolBufferException {
    int length = bytes.readableBytes();
    if (bytes.hasArray()) {
      return Frame.parser().parseFrom(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length);
    }
    if (length <= SCRATCH_BYTES) {
      byte[] scratch = SCRATCH.get();
      bytes.getBytes(bytes.readerIndex(), scratch, 0, length);
      return Frame.parser().parseFrom(scratch, 0, length);
    }
    return Frame.parseFrom(bytes.nioBuffer()); // read through Unsafe, no copy of the bytes first
  }
}
