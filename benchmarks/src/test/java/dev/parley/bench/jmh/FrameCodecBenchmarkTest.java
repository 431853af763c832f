package dev.parley.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The codec benchmark measures a real round trip: what it encodes decodes back to the same frame. */
class FrameCodecBenchmarkTest {
  @Test
  void encodedFramesDecodeToTheSameFrame() throws IOException {
    FrameCodecBenchmark b = new FrameCodecBenchmark();
    b.setUp();
    Frame send = Frame.newBuilder().setRequestId(7).setSendMessage(ChatProtocol.SendMessageRequest.newBuilder()
        .setToUserId(2).setClientMsgId("c-1").setText("hi")).build();
    byte[] buffer = new byte[256];
    int length = FrameCodecBenchmark.encodeInto(send, buffer);

    assertThat(FrameCodecBenchmark.decode(Arrays.copyOf(buffer, length))).isEqualTo(send);
    assertThat(b.decodeSendMessage().getSendMessage().getClientMsgId()).isEqualTo("c1f3a9e2-000123");
    assertThat(b.decodeMessageEvent().getMessageEvent().getEntry().getSeq()).isEqualTo(123_456);
  }
}
