package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.testing.TestChatClient;
import dev.parley.server.testing.TestWebSocketClient;
import dev.parley.server.testing.TestWebSocketClient.Mode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cap on connections not logged in per client address holds across the TCP and the WebSocket
 * port together: one limiter counts both, so splitting sockets over the two ports gains nothing.
 */
class ChatNodeWebSocketConnectionCapTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  private final List<TestWebSocketClient> sockets = new ArrayList<>();

  @AfterEach
  void stop() {
    sockets.forEach(TestWebSocketClient::close);
    cluster.close();
  }

  @Test
  void tcpAndWebSocketConnectionsNotLoggedInCountTogetherAgainstTheAddressCap() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(),
        b -> b.maxUnauthenticatedPerAddress(2).webSocketPort(0));
    TestChatClient tcp = cluster.track(TestChatClient.connectFrom("127.0.0.1", "127.0.0.1", node.port()));
    TestWebSocketClient ws = ws(node);
    await().atMost(WAIT).until(() -> node.connectionCount() == 2);

    assertThat(cluster.track(TestChatClient.connectFrom("127.0.0.1", "127.0.0.1", node.port())).awaitClosed(WAIT))
        .as("a third on TCP").isTrue();
    try (RawHttpConnection third = new RawHttpConnection(node.webSocketPort())) { // a raw socket: the JDK client retries
      try {
        third.write(UPGRADE);
      } catch (UncheckedIOException e) {
        // already closed at accept
      }
      assertThat(third.closedByServer()).as("a third on WebSocket").isTrue();
    }
    assertThat(refused()).isEqualTo(2.0);

    assertThat(ws.login(cluster.newUser("ann").token()).hasLoginResponse()).isTrue(); // frees a slot
    TestWebSocketClient another = ws(node);
    assertThat(cluster.track(TestChatClient.connectFrom("127.0.0.1", "127.0.0.1", node.port())).awaitClosed(WAIT))
        .as("full again").isTrue();
    assertThat(another.login(cluster.newUser("bob").token()).hasLoginResponse()).isTrue();
    assertThat(tcp.login(cluster.newUser("cid").token()).hasLoginResponse()).isTrue();
  }

  private TestWebSocketClient ws(ChatNode node) {
    TestWebSocketClient c = TestWebSocketClient.connect(node.webSocketPort(), Mode.BINARY);
    sockets.add(c);
    return c;
  }

  private double refused() {
    return cluster.meters.get("parley.connections.refused").tag("node", "n1").counter().count();
  }
}
