package dev.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.User;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import dev.parley.core.testing.TestPki;
import dev.parley.server.ChatNode;
import dev.parley.server.TlsSettings;
import dev.parley.server.testing.TestWebSocketClient;
import dev.parley.server.testing.TestWebSocketClient.Mode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat node with TLS serves its WebSocket port as wss:// with the client port's certificate. */
class ChatNodeWebSocketTlsTest {
  @TempDir
  Path dir;

  private ChatNode node;
  private TestWebSocketClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void theWebSocketPortSpeaksWssWithTheNodesCertificateAndRefusesPlaintext() throws Exception {
    TestPki pki = TestPki.create(dir, "chat");
    TestPki.Issued cert = pki.issue("chat-node");
    InMemoryUserStore users = new InMemoryUserStore();
    InMemoryTokenStore tokens = new InMemoryTokenStore(Duration.ofHours(1), Clock.systemUTC());
    node = ChatNode.builder().nodeId("n1").userStore(users).friendStore(new InMemoryFriendStore())
        .messageStore(new InMemoryMessageStore())
        .presenceRegistry(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()))
        .tokenStore(tokens).nodeDirectory(new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()))
        .loginLock(new InMemoryLoginLock()).ioThreads(1)
        .tls(TlsSettings.builder().certificateChain(cert.chain()).privateKey(cert.key()).build())
        .webSocketPort(0).build().start();
    User ann = users.create(new NewUser("ann@example.com", "ann_wss", "not-a-real-hash"));
    HttpClient trusting = HttpClient.newBuilder().sslContext(GateHttpsTest.trusting(pki.caFile())).build();

    client = TestWebSocketClient.connect(trusting, URI.create("wss://localhost:" + node.webSocketPort() + "/ws"),
        Mode.JSON, null, null);
    assertThat(client.login(tokens.issue(ann.id()).token()).hasLoginResponse()).isTrue();
    assertThat(client.request(Frame.newBuilder().setPing(PingRequest.getDefaultInstance())).hasPong()).isTrue();

    assertThatThrownBy(() -> TestWebSocketClient.connect(URI.create("ws://localhost:" + node.webSocketPort() + "/ws"),
        Mode.JSON, null, null)).as("plaintext to the TLS port").isInstanceOf(CompletionException.class);
  }
}
