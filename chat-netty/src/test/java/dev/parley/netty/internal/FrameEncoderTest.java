package dev.parley.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FrameEncoder} writes exactly what {@code Frame.writeDelimitedTo} writes (varint32 length,
 * then the message), whatever buffers the allocator hands it, and its output parses back through
 * the node's own decoder.
 */
class FrameEncoderTest {
  private static final Frame SMALL = Frame.newBuilder().setRequestId(7)
      .setPing(ChatProtocol.PingRequest.getDefaultInstance()).build();
  // over 127 bytes, so the length prefix takes two bytes; non-ASCII text exercises UTF-8 sizes
  private static final Frame LARGE = Frame.newBuilder().setRequestId(8).setSendMessage(
      ChatProtocol.SendMessageRequest.newBuilder().setToUserId(42).setClientMsgId("c-1")
          .setText("héllo 🎉 ".repeat(40))).build();
  // over the encoder's 4 KiB scratch array: written straight into the buffer
  private static final Frame HUGE = Frame.newBuilder().setRequestId(9).setSendMessage(
      ChatProtocol.SendMessageRequest.newBuilder().setToUserId(42).setClientMsgId("c-2")
          .setText("héllo 🎉 ".repeat(500))).build();

  @ParameterizedTest
  @ValueSource(strings = {"pooled-direct", "pooled-heap", "unpooled-direct", "unpooled-heap"})
  void writesTheDelimitedFormOnEveryKindOfBuffer(String kind) throws IOException {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
    channel.config().setOption(ChannelOption.ALLOCATOR, allocator(kind));

    for (Frame f : new Frame[] {SMALL, LARGE, HUGE, SMALL}) {
      channel.writeOutbound(f);
      ByteBuf out = channel.readOutbound();
      try {
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(delimited(f));
      } finally {
        out.release();
      }
    }
    assertThat(channel.finish()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pooled-direct", "unpooled-heap"})
  void roundTripsThroughTheNodesDecoder(String kind) {
    EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder());
    encoder.config().setOption(ChannelOption.ALLOCATOR, allocator(kind));
    EmbeddedChannel decoder = new EmbeddedChannel(new VarintFrameDecoder(64 * 1024), new FrameParser());

    encoder.writeOutbound(LARGE, HUGE, SMALL);
    for (Object o; (o = encoder.readOutbound()) != null; ) {
      decoder.writeInbound(o);
    }

    assertThat(decoder.<Object>readInbound()).isEqualTo(LARGE);
    assertThat(decoder.<Object>readInbound()).isEqualTo(HUGE);
    assertThat(decoder.<Object>readInbound()).isEqualTo(SMALL);
  }

  private static ByteBufAllocator allocator(String kind) {
    return switch (kind) {
      case "pooled-direct" -> new PooledByteBufAllocator(true);
      case "pooled-heap" -> new PooledByteBufAllocator(false);
      case "unpooled-direct" -> new UnpooledByteBufAllocator(true);
      case "unpooled-heap" -> new UnpooledByteBufAllocator(false);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static byte[] delimited(Frame f) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    f.writeDelimitedTo(out);
    return out.toByteArray();
  }
}
