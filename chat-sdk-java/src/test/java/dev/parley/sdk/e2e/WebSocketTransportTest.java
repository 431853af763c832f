package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.e2e.NodeFixture.TestUser;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.core.testing.TestPki;
import dev.parley.server.ChatNode;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's WebSocket transport over real sockets: sessions log in, chat and receive pushes
 * through {@link WebSocketBridge} (a WebSocket endpoint in front of a real node; binary messages of
 * one frame each), over {@code ws://} and {@code wss://}; an address without a WebSocket port
 * fails clearly.
 */
class WebSocketTransportTest {
  @TempDir
  Path dir;

  private final NodeFixture fixture = new NodeFixture();
  private ParleyClient client;
  private WebSocketBridge bridge;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    fixture.close();
  }

  @Test
  void friendsChatOverWebSocket() {
    ChatNode node = fixture.startNode("n1");
    bridge = new WebSocketBridge(new InetSocketAddress("127.0.0.1", node.port()), null);
    client = builder().build();
    chat(node, false);
  }

  @Test
  void friendsChatOverSecureWebSocket() throws Exception {
    TestPki pki = TestPki.create(dir, "ws");
    TestPki.Issued certificate = pki.issue("localhost");
    ChatNode node = fixture.startNode("n1");
    bridge = new WebSocketBridge(new InetSocketAddress("127.0.0.1", node.port()),
        SslContextBuilder.forServer(certificate.chain().toFile(), certificate.key().toFile()).build());
    client = builder().trustedCertificates(pki.caFile()).build();
    chat(node, true);
  }

  @Test
  void anAddressWithoutAWebSocketPortFailsClearly() {
    ChatNode node = fixture.startNode("n1");
    client = builder().build();
    TestUser ann = fixture.newUser("ann");
    ChatException e = catchThrowableOfType(ChatException.class,
        () -> client.openSession(NodeFixture.login(ann, node.port()), new RecordingListener()));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).contains("has no WebSocket endpoint").contains("127.0.0.1:" + node.port());
  }

  private void chat(ChatNode node, boolean tls) {
    TestUser ann = fixture.newUser("ann");
    TestUser bob = fixture.newUser("bob");
    fixture.befriend(ann, bob);
    RecordingListener annHears = new RecordingListener();
    RecordingListener bobHears = new RecordingListener();
    ChatSession a = client.openSession(login(ann, node, tls), annHears);
    ChatSession b = client.openSession(login(bob, node, tls), bobHears);

    a.sendMessage(bob.id(), "hello over websocket");
    b.sendMessage(ann.id(), "hi back");
    bobHears.awaitMessages(2);
    annHears.awaitMessages(2);
    assertThat(bobHears.texts()).containsExactly("hello over websocket", "hi back");
    assertThat(a.pingAsync().join()).isPositive();
    // every frame went through the bridge: two logins, two sends at least
    assertThat(bridge.fromClients.stream().filter(f -> f.hasLogin()).count()).isEqualTo(2);
    assertThat(bridge.fromClients.stream().filter(f -> f.hasSendMessage()).count()).isEqualTo(2);
  }

  /** The node's real TCP port (never used: no direct connection must happen) and the bridge's WebSocket port. */
  private LoginResult login(TestUser user, ChatNode node, boolean tls) {
    LoginResult plain = NodeFixture.login(user, node.port());
    return new LoginResult(plain.userId(), plain.token(), plain.expiresAt(),
        new ChatAddress(tls ? "localhost" : "127.0.0.1", node.port(), tls, bridge.port()));
  }

  private static ParleyClient.Builder builder() {
    return ParleyClient.builder().gateUrl(URI.create("http://127.0.0.1:1")).transport(ChatTransport.WEBSOCKET)
        .reconnectPolicy(ReconnectPolicy.none()).requestTimeout(Duration.ofSeconds(5));
  }
}
