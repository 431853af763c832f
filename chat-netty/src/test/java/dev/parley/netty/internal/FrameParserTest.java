package dev.parley.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * The frame parser on each kind of buffer it meets: heap, small direct (through the scratch
 * array), direct larger than the scratch array, and one frame after another on the same thread.
 */
class FrameParserTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new FrameParser());

  @Test
  void aHeapBufferIsParsedFromItsArrayAtItsReaderIndex() {
    Frame sent = send("c1", "héllo 👋");
    byte[] bytes = sent.toByteArray();
    ByteBuf heap = Unpooled.buffer(bytes.length + 3).writeBytes(new byte[] {9, 9, 9}).writeBytes(bytes);
    heap.skipBytes(3);

    channel.writeInbound(heap);

    assertThat(channel.<Frame>readInbound()).isEqualTo(sent);
    assertThat(heap.refCnt()).as("released by the decoder").isZero();
  }

  @Test
  void smallDirectFramesOneAfterAnotherEachParseToThemselves() {
    Frame longer = send("c-long", "a much longer text than the next one, to leave bytes behind in the scratch");
    Frame shorter = send("c2", "short");

    channel.writeInbound(direct(longer.toByteArray()), direct(shorter.toByteArray()));

    assertThat(channel.<Frame>readInbound()).isEqualTo(longer);
    assertThat(channel.<Frame>readInbound()).isEqualTo(shorter);
  }

  @Test
  void theReusedBuilderKeepsNothingOfTheFrameBefore() {
    Frame send = send("c4", "text");
    Frame ping = Frame.newBuilder().setRequestId(8).setPing(ChatProtocol.PingRequest.getDefaultInstance()).build();
    Frame bare = Frame.newBuilder().setSendMessage(ChatProtocol.SendMessageRequest.newBuilder().setToUserId(3)).build();

    channel.writeInbound(direct(send.toByteArray()), direct(ping.toByteArray()), direct(bare.toByteArray()),
        Unpooled.wrappedBuffer(send.toByteArray()));

    assertThat(channel.<Frame>readInbound()).isEqualTo(send);
    assertThat(channel.<Frame>readInbound()).isEqualTo(ping);
    Frame third = channel.readInbound();
    assertThat(third).isEqualTo(bare);
    assertThat(third.getRequestId()).isZero();
    assertThat(third.getSendMessage().getText()).isEmpty();
    assertThat(channel.<Frame>readInbound()).isEqualTo(send);
  }

  @Test
  void aDirectFrameLargerThanTheScratchArrayIsParsedInPlace() {
    Frame big = send("c3", "ж".repeat(5_000)); // 10,000 bytes of UTF-8
    ByteBuf in = direct(big.toByteArray());
    assertThat(in.readableBytes()).isGreaterThan(4096);

    channel.writeInbound(in);

    assertThat(channel.<Frame>readInbound()).isEqualTo(big);
  }

  @Test
  void bytesThatAreNoFrameBecomeABadFrame() {
    channel.writeInbound(direct(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));

    BadFrame bad = channel.readInbound();
    assertThat(bad.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
  }

  private static Frame send(String clientMsgId, String text) {
    return Frame.newBuilder().setRequestId(7).setSendMessage(ChatProtocol.SendMessageRequest.newBuilder()
        .setToUserId(42).setClientMsgId(clientMsgId).setText(text)).build();
  }

  private static ByteBuf direct(byte[] bytes) {
    return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
  }
}
