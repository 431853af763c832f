package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import org.junit.jupiter.api.Test;

/**
 * {@link ChatNodeSessionTest} with TLS on the client port and the OpenSSL engine: every session
 * test runs over TLS client connections that check the node's certificate against the test CA
 * (host name {@code localhost}). {@link ChatNodeSessionTlsJdkTest} runs them on the JDK engine.
 */
class ChatNodeSessionTlsTest extends ChatNodeSessionTest {
  TlsSettings.Engine engine() {
    return TlsSettings.Engine.OPENSSL;
  }

  String engineName() {
    return "OpenSSL (BoringSSL)";
  }

  @Override
  ChatCluster newCluster() {
    return super.newCluster().tls(engine());
  }

  @Test
  void theClientPortSpeaksTlsOnTheChosenEngineAndCountsHandshakes() {
    ChatNode node = cluster().startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster().newUser("ann");
    cluster().login(node, ann);

    assertThat(node.tls()).isTrue();
    assertThat(node.tlsEngine()).isEqualTo(engineName());
    assertThat(cluster().meters.get("parley_tls_handshakes").tags("port", "chat", "outcome", "ok").counter().count())
        .isEqualTo(1.0);
  }
}
