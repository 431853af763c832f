package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServerBuilder;

/**
 * {@link TlsJourneyTest} over the chat node's real WebSocket endpoint, {@code wss://}: the
 * WebSocket port shares the client port's TLS, and the client learns both the port and that the
 * node wants TLS from the gate's login answer (HTTPS), trusting the test CA; hostnames are
 * verified.
 */
class SecureWebSocketJourneyTest extends TlsJourneyTest {
  @Override
  ParleyServerBuilder serverSettings(ParleyServerBuilder builder) {
    return super.serverSettings(builder).chatNode(node -> node.webSocketPort(0));
  }

  @Override
  ParleyClient.Builder clientSettings(ParleyClient.Builder builder) {
    return super.clientSettings(builder).transport(ChatTransport.WEBSOCKET);
  }

  @Override
  void assertChatAddress(LoginResult login) {
    assertThat(server.gateUrl()).startsWith("https://");
    assertThat(login.chat().tls()).isTrue();
    assertThat(login.chat().wsPort()).isPositive().isEqualTo(server.chatNode().webSocketPort());
  }

  @Override
  String transport() {
    return "ws";
  }
}
