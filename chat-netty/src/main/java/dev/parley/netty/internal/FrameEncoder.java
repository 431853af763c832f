package dev.parley.netty.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes a frame as the wire wants it, varint32 length then the protobuf bytes, straight into one
 * pooled buffer of exactly that size. (Netty's {@code ProtobufEncoder} + length prepender first
 * serialise each frame into a fresh {@code byte[]} and then copy it: a garbage array and a copy per
 * frame, on the hottest path of a loaded node.) Stateless and sharable.
 */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<MessageLite> {
  /** One instance can serve every channel. */
  public static final FrameEncoder INSTANCE = new FrameEncoder();

  FrameEncoder() {
    super(MessageLite.class);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, MessageLite msg, boolean preferDirect) {
    return ctx.alloc().ioBuffer(wireSize(msg));
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, MessageLite msg, ByteBuf out) throws IOException {
    int size = msg.getSerializedSize(); // memoised by generated messages: computed once per frame
    int total = CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    out.ensureWritable(total);
    int at = out.writerIndex();
    CodedOutputStream cos;
    if (out.hasArray()) {
      cos = CodedOutputStream.newInstance(out.array(), out.arrayOffset() + at, total);
    } else if (out.nioBufferCount() == 1) {
      ByteBuffer view = out.internalNioBuffer(at, total); // shares the buffer's memory
      cos = CodedOutputStream.newInstance(view);
    } else {
      out.writeBytes(prefixed(msg, size, total));
      return;
    }
    cos.writeUInt32NoTag(size);
    msg.writeTo(cos);
    cos.flush();
    out.writerIndex(at + total);
  }

  private static int wireSize(MessageLite msg) {
    int size = msg.getSerializedSize();
    return CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static byte[] prefixed(MessageLite msg, int size, int total) throws IOException {
    byte[] bytes = new byte[total];
    CodedOutputStream cos = CodedOutputStream.newInstance(bytes);
    cos.writeUInt32NoTag(size);
    msg.writeTo(cos);
    cos.flush();
    return bytes;
  }
}
