package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import dev.parley.netty.internal.BadFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The WebSocket codec on an {@code EmbeddedChannel}: what it hands on, what it writes, and in which mode. */
class WebSocketFrameCodecTest {
  private static final Frame PING = Frame.newBuilder().setRequestId(7).setPing(PingRequest.getDefaultInstance()).build();

  private final EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameCodec());

  @Test
  void aBinaryMessageIsPassedOnAsTheFramesBytesAndAnswersGoOutBinary() {
    ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(PING.toByteArray())));

    ByteBuf bytes = ch.readInbound();
    assertThat(ByteBufUtil.getBytes(bytes)).isEqualTo(PING.toByteArray());
    bytes.release();
    ch.writeOutbound(PING);
    BinaryWebSocketFrame out = ch.readOutbound();
    assertThat(ByteBufUtil.getBytes(out.content())).isEqualTo(PING.toByteArray());
    out.release();
  }

  @Test
  void aTextMessageIsParsedFromJsonAndAnswersGoOutAsJson() {
    ch.writeInbound(new TextWebSocketFrame("{\"requestId\": 7, \"ping\": {}}"));

    assertThat((Object) ch.readInbound()).isEqualTo(PING);
    ch.writeOutbound(PING);
    TextWebSocketFrame out = ch.readOutbound();
    assertThat(out.text()).isEqualTo("{\"requestId\":\"7\",\"ping\":{}}");
    out.release();
  }

  @Test
  void textThatIsNoJsonFrameBecomesAMalformedFrame() {
    ch.writeInbound(new TextWebSocketFrame("not json"));
    ch.writeInbound(new TextWebSocketFrame("{\"requestId\": 7, \"ping\": {}, \"extra\": 1}"));
    ch.writeInbound(new TextWebSocketFrame("{\"requestId\": \"minus one\"}"));

    for (int i = 0; i < 3; i++) {
      assertThat((Object) ch.readInbound()).isInstanceOfSatisfying(BadFrame.class,
          bad -> assertThat(bad.code()).isEqualTo(ErrorCode.MALFORMED_FRAME));
    }
  }

  @Test
  void fragmentsAreRefusedAndReleased() {
    BinaryWebSocketFrame first = new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {8}));
    ContinuationWebSocketFrame rest = new ContinuationWebSocketFrame(true, 0,
        Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));
    ch.writeInbound(first, rest);

    assertThat((Object) ch.readInbound()).isInstanceOf(BadFrame.class);
    assertThat((Object) ch.readInbound()).isInstanceOf(BadFrame.class);
    assertThat(first.refCnt()).isZero();
    assertThat(rest.refCnt()).isZero();
  }

  @Test
  void theHandshakesSubprotocolFixesTheModeWhateverTheClientSendsFirst() {
    ch.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws", EmptyHttpHeaders.INSTANCE, "parley.v1.json"));
    ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(PING.toByteArray())));
    ((ByteBuf) ch.readInbound()).release();

    ch.writeOutbound(PING);
    TextWebSocketFrame out = ch.readOutbound();
    assertThat(out.text()).contains("\"ping\"");
    out.release();
  }
}
