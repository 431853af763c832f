package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServerBuilder;

/**
 * {@link JourneyTest} over the chat node's real WebSocket endpoint, {@code ws://}: the node has a
 * WebSocket port (bound on 0), the client uses {@link ChatTransport#WEBSOCKET} and learns the port
 * from the gate's login answer; nothing is pinned.
 */
class WebSocketJourneyTest extends JourneyTest {
  @Override
  ParleyServerBuilder serverSettings(ParleyServerBuilder builder) {
    return builder.chatNode(node -> node.webSocketPort(0));
  }

  @Override
  ParleyClient.Builder clientSettings(ParleyClient.Builder builder) {
    return builder.transport(ChatTransport.WEBSOCKET);
  }

  @Override
  void assertChatAddress(LoginResult login) {
    assertThat(login.chat().tls()).isFalse();
    assertThat(login.chat().wsPort()).isPositive().isEqualTo(server.chatNode().webSocketPort());
  }

  @Override
  String transport() {
    return "ws";
  }
}
