package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import dev.parley.netty.internal.BadFrame;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

/** Binary mode: one frame per binary message, exactly its protobuf bytes; bad messages become a BadFrame. */
class WebSocketFrameCodecTest {
  private final EmbeddedChannel ch = new EmbeddedChannel(WebSocketFrameCodec.INSTANCE);
  private final Frame ping = Frame.newBuilder().setRequestId(7).setPing(PingRequest.getDefaultInstance()).build();

  @Test
  void aFrameGoesOutAsOneBinaryMessageWithoutALengthPrefix() {
    ch.writeOutbound(ping);
    BinaryWebSocketFrame message = ch.readOutbound();
    try {
      assertThat(ByteBufUtil.getBytes(message.content())).isEqualTo(ping.toByteArray());
    } finally {
      message.release();
    }
  }

  @Test
  void aBinaryMessageComesInAsItsFrame() {
    ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ping.toByteArray())));
    assertThat((Object) ch.readInbound()).isEqualTo(ping);
  }

  @Test
  void bytesThatAreNotAFrameComeInAsMalformed() {
    ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})));
    BadFrame bad = ch.readInbound();
    assertThat(bad.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
  }

  @Test
  void aTextMessageComesInAsMalformed() {
    ch.writeInbound(new TextWebSocketFrame("{\"requestId\":\"7\",\"ping\":{}}"));
    BadFrame bad = ch.readInbound();
    assertThat(bad.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
    assertThat(bad.detail()).contains("binary");
  }
}
