package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chat node caps the connections per client address that have not logged in yet: one address
 * cannot pile up anonymous sockets, another address is not affected, and a connection stops
 * counting once it logs in or closes. Over real sockets (127.0.0.2 is a second loopback address).
 */
class ChatNodeConnectionCapTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void anAddressHoldsAtMostItsCapOfConnectionsNotLoggedInAndALoginFreesASlot() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.maxUnauthenticatedPerAddress(2));
    TestChatClient first = connectFrom("127.0.0.1", node);
    TestChatClient second = connectFrom("127.0.0.1", node);

    assertThat(connectFrom("127.0.0.1", node).awaitClosed(WAIT)).as("third anonymous connection").isTrue();
    assertThat(refused()).isEqualTo(1.0);
    assertThat(loggedIn(connectFrom("127.0.0.2", node), cluster.newUser("other"))).as("another address").isTrue();

    // Logging in frees the slot: exactly one more anonymous connection fits.
    assertThat(loggedIn(first, cluster.newUser("ann"))).isTrue();
    TestChatClient third = connectFrom("127.0.0.1", node);
    assertThat(connectFrom("127.0.0.1", node).awaitClosed(WAIT)).isTrue();
    assertThat(refused()).isEqualTo(2.0);
    assertThat(loggedIn(third, cluster.newUser("bob"))).as("the connection accepted after the login").isTrue();
    assertThat(loggedIn(second, cluster.newUser("cid"))).isTrue();
  }

  @Test
  void closingAConnectionNotLoggedInFreesItsSlot() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.maxUnauthenticatedPerAddress(1));
    TestChatClient waiting = connectFrom("127.0.0.1", node);
    assertThat(connectFrom("127.0.0.1", node).awaitClosed(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> node.connectionCount() == 1);

    waiting.close();
    await().atMost(WAIT).until(() -> node.connectionCount() == 0); // the slot is freed before this count drops

    assertThat(loggedIn(connectFrom("127.0.0.1", node), cluster.newUser("dan"))).isTrue();
  }

  private TestChatClient connectFrom(String source, ChatNode node) {
    return cluster.track(TestChatClient.connectFrom(source, "127.0.0.1", node.port()));
  }

  private static boolean loggedIn(TestChatClient client, TestUser user) {
    return client.login(user.token()).hasLoginResponse();
  }

  private double refused() {
    return cluster.meters.get("parley.connections.refused").tag("node", "n1").counter().count();
  }
}
