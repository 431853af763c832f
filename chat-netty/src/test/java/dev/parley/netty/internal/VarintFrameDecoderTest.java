package dev.parley.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Framing and parsing on an {@link EmbeddedChannel}: good frames pass, bad input becomes a {@link BadFrame}. */
class VarintFrameDecoderTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new VarintFrameDecoder(100), new FrameParser());

  @Test
  void framesSplitAcrossReadsAreReassembledAndSeveralInOneReadAreSplit() throws IOException {
    byte[] one = delimited(Frame.newBuilder().setRequestId(1).setPing(PingRequest.getDefaultInstance()).build());
    byte[] two = delimited(Frame.newBuilder().setRequestId(2).setPing(PingRequest.getDefaultInstance()).build());

    channel.writeInbound(Unpooled.wrappedBuffer(one, 0, 2));
    assertThat(channel.<Object>readInbound()).isNull();
    channel.writeInbound(Unpooled.wrappedBuffer(concat(java.util.Arrays.copyOfRange(one, 2, one.length), two)));

    assertThat(((Frame) channel.readInbound()).getRequestId()).isEqualTo(1);
    assertThat(((Frame) channel.readInbound()).getRequestId()).isEqualTo(2);
  }

  @Test
  void aLengthOverTheLimitIsRefusedBeforeTheBodyArrives() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xe5, 0x00})); // 101
    BadFrame bad = channel.readInbound();
    assertThat(bad.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    assertThat(bad.detail()).contains("101").contains("100");
  }

  @Test
  void aSixByteVarintIsMalformedAndEverythingAfterItIsDiscarded() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1, 2, 3}));
    BadFrame bad = channel.readInbound();
    assertThat(bad.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);

    ByteBuf more = Unpooled.wrappedBuffer(new byte[] {2, 0x08, 0x01});
    channel.writeInbound(more);
    assertThat(channel.<Object>readInbound()).isNull();
    assertThat(more.refCnt()).isZero();
  }

  @Test
  void bytesThatAreNotAFrameAreMalformed() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
    BadFrame bad = channel.readInbound();
    assertThat(bad.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
  }

  @Test
  void anEmptyFrameParsesToAFrameWithoutBody() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
    Frame f = channel.readInbound();
    assertThat(f.getBodyCase()).isEqualTo(Frame.BodyCase.BODY_NOT_SET);
  }

  private static byte[] delimited(Frame f) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    f.writeDelimitedTo(out);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
