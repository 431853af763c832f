package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.VarintFrameDecoder;
import dev.parley.sdk.ChatAddress;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The SDK's end of the shared framing: bad input from a node closes the connection with its code. */
class ChatConnectionTest {
  private final AtomicReference<ChatException> closedWith = new AtomicReference<>();

  @Test
  void aFrameOverTheLimitClosesTheConnectionWithFrameTooLarge() {
    ConnectionHandler handler = new ConnectionHandler();
    EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(100), FrameParser.INSTANCE, handler);
    ChatConnection.over(ch, handler, new ChatAddress("127.0.0.1", 9000), FakeNode.SETTINGS, new ChatConnection.Events() {
      @Override
      public void onPush(ChatConnection connection, Frame frame) {}

      @Override
      public void onClosed(ChatConnection connection, ChatException cause) {
        closedWith.set(cause);
      }
    });

    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xe5, 0x00})); // a 101-byte frame announced
    ch.runPendingTasks();

    assertThat(ch.isOpen()).isFalse();
    assertThat(closedWith.get()).isNotNull();
    assertThat(closedWith.get().code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    assertThat(closedWith.get().getMessage()).contains("127.0.0.1:9000").contains("101");
  }
}
