package dev.parley.netty.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
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
 * buffer or the scratch array once parsing returns. Frames of up to that size are also merged into
 * a per-thread {@code Frame.Builder}, cleared before each use, instead of a new one per frame (~180
 * bytes, a field per body type); {@code build()} still makes a new immutable frame.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class FrameParser extends MessageToMessageDecoder<ByteBuf> {
  /** One instance can serve every channel. */
  public static final FrameParser INSTANCE = new FrameParser();

  // Bounds the scratch memory per thread (event loops only, in practice); chat frames are small.
  private static final int SCRATCH_BYTES = 4096;
  private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected Scratch initialValue() {
      return new Scratch();
    }
  };

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
      return parseFrame(bytes);
    } catch (InvalidProtocolBufferException e) {
      return new BadFrame(ErrorCode.MALFORMED_FRAME, "frame is not a valid parley.v1.Frame: " + e.getMessage());
    }
  }

  private static Frame parseFrame(ByteBuf bytes) throws InvalidProtocolBufferException {
    int length = bytes.readableBytes();
    if (length > SCRATCH_BYTES) {
      return bytes.hasArray()
          ? Frame.parser().parseFrom(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length)
          : Frame.parseFrom(bytes.nioBuffer()); // read through Unsafe, no copy of the bytes first
    }
    Scratch scratch = SCRATCH.get();
    CodedInputStream in;
    if (bytes.hasArray()) {
      in = CodedInputStream.newInstance(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length);
    } else {
      bytes.getBytes(bytes.readerIndex(), scratch.bytes, 0, length);
      in = CodedInputStream.newInstance(scratch.bytes, 0, length);
    }
    // What Frame.parser().parseFrom does, with a reused builder (mergeFrom stops at the end).
    Frame.Builder builder = scratch.builder.clear();
    try {
      builder.mergeFrom(in, ExtensionRegistryLite.getEmptyRegistry());
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) { // an array input has no I/O to fail; as protobuf's own parser does
      throw new InvalidProtocolBufferException(e);
    }
    in.checkLastTagWas(0);
    return builder.build();
  }

  /** One thread's scratch bytes and frame builder. */
  private static final class Scratch {
    final byte[] bytes = new byte[SCRATCH_BYTES];
    final Frame.Builder builder = Frame.newBuilder();
  }
}
