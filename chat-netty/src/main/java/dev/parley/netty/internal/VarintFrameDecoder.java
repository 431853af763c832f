package dev.parley.netty.internal;

import dev.parley.core.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames: a varint32 length prefix, then that many bytes. Emits each
 * frame's bytes as a {@link ByteBuf}, or one {@link BadFrame} (FRAME_TOO_LARGE for a prefix above
 * the limit, MALFORMED_FRAME for a prefix longer than 5 bytes or negative) after which all further
 * input is discarded: the connection is about to be closed and nothing after the bad prefix can be
 * trusted. An oversized frame is refused as soon as its prefix arrives, before buffering its body.
 *
 * <p>The one framing implementation of Parley's chat protocol, used by the chat node, the Java SDK
 * and the benchmarks' Netty clients. One instance per channel; used only on the channel's event loop.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
  private static final int MAX_VARINT32_BYTES = 5;

  private final int maxFrameBytes;
  private boolean failed;

  /** Refuses frames longer than {@code maxFrameBytes}. */
  public VarintFrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    in.markReaderIndex();
    long length = readVarint(in);
    if (length == NEED_MORE) {
      in.resetReaderIndex();
      return;
    }
    if (length == TOO_LONG || length < 0) {
      fail(in, out, new BadFrame(ErrorCode.MALFORMED_FRAME, "frame length prefix is not a valid varint32"));
    } else if (length > maxFrameBytes) {
      fail(in, out, new BadFrame(ErrorCode.FRAME_TOO_LARGE,
          "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes + " bytes"));
    } else if (in.readableBytes() < length) {
      in.resetReaderIndex();
    } else {
      out.add(in.readRetainedSlice((int) length));
    }
  }

  private void fail(ByteBuf in, List<Object> out, BadFrame bad) {
    failed = true;
    in.skipBytes(in.readableBytes());
    out.add(bad);
  }

  private static final long NEED_MORE = Long.MIN_VALUE;
  private static final long TOO_LONG = Long.MIN_VALUE + 1;

  /** The varint's value as a signed int widened to long, NEED_MORE, or TOO_LONG. */
  private static long readVarint(ByteBuf in) {
    int result = 0;
    for (int i = 0; i < MAX_VARINT32_BYTES; i++) {
      if (!in.isReadable()) {
        return NEED_MORE;
      }
      byte b = in.readByte();
      result |= (b & 0x7f) << (7 * i);
      if (b >= 0) {
        return result;
      }
    }
    return TOO_LONG;
  }
}
