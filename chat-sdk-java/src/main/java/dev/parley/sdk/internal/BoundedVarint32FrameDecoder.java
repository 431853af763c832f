package dev.parley.sdk.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the stream into varint32-length-prefixed frames, refusing frames longer than a limit
 * (Netty's ProtobufVarint32FrameDecoder has none, and a broken peer must not make the client
 * allocate without bound). Not sharable: one per channel.
 */
final class BoundedVarint32FrameDecoder extends ByteToMessageDecoder {
  private final int maxFrameBytes;

  BoundedVarint32FrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    in.markReaderIndex();
    long length = readVarint(in);
    if (length < 0) {
      in.resetReaderIndex();
      return;
    }
    if (length > maxFrameBytes) {
      throw new TooLongFrameException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
    }
    if (in.readableBytes() < length) {
      in.resetReaderIndex();
      return;
    }
    out.add(in.readRetainedSlice((int) length));
  }

  /** The varint at the reader index, or -1 when more bytes are needed. */
  private static long readVarint(ByteBuf in) {
    long value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (!in.isReadable()) {
        return -1;
      }
      byte b = in.readByte();
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new CorruptedFrameException("frame length varint is longer than 5 bytes");
  }

}
