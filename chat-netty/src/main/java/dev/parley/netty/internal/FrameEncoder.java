package dev.parley.netty.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes a frame as the wire wants it, varint32 length then the protobuf bytes, straight into one
 * pooled buffer of exactly that size. (Netty's {@code ProtobufEncoder} + length prepender first
 * serialise each frame into a fresh {@code byte[]} and then copy it: a garbage array and a copy per
 * frame, on the hottest path of a loaded node.) A frame of up to {@value #SCRATCH_BYTES} bytes is
 * serialised into a per-thread scratch array and copied into the (direct) buffer: protobuf's array
 * encoder is one small object, where encoding straight into a pooled direct buffer takes a
 * {@code ByteBuffer} view from the allocator, the encoder and the encoder's own duplicate view.
 * Larger frames are written straight into the buffer. Stateless and sharable.
 */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<MessageLite> {
  /** One instance can serve every channel. */
  public static final FrameEncoder INSTANCE = new FrameEncoder();

  // Bounds the scratch memory per thread (event loops, in practice); chat frames are small.
  private static final int SCRATCH_BYTES = 4096;
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[SCRATCH_BYTES];
    }
  };

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
    if (out.hasArray()) {
      write(msg, size, CodedOutputStream.newInstance(out.array(), out.arrayOffset() + at, total));
      out.writerIndex(at + total);
    } else if (total <= SCRATCH_BYTES) {
      byte[] scratch = SCRATCH.get();
      write(msg, size, CodedOutputStream.newInstance(scratch, 0, total));
      out.writeBytes(scratch, 0, total);
    } else if (out.nioBufferCount() == 1) {
      ByteBuffer view = out.internalNioBuffer(at, total); // shares the buffer's memory
      write(msg, size, CodedOutputStream.newInstance(view));
      out.writerIndex(at + total);
    } else {
      out.writeBytes(prefixed(msg, size, total));
    }
  }

  private static void write(MessageLite msg, int size, CodedOutputStream cos) throws IOException {
    cos.writeUInt32NoTag(size);
    msg.writeTo(cos);
    cos.flush();
  }

  private static int wireSize(MessageLite msg) {
    int size = msg.getSerializedSize();
    return CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static byte[] prefixed(MessageLite msg, int size, int total) throws IOException {
    byte[] bytes = new byte[total];
    write(msg, size, CodedOutputStream.newInstance(bytes));
    return bytes;
  }
}
