package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client that stops reading is dropped instead of buffering without bound; its mailbox keeps everything. */
class SlowReaderTest {
  private static final int MESSAGES = 1500;
  private static final int WINDOW = 50;

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aClientThatNeverReadsIsDroppedAndItsMessagesStayInTheMailbox() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults().withMessagesPerSecond(100_000),
        b -> b.slowConsumerTimeout(Duration.ofMillis(500)).maxPendingWriteBytes(256 * 1024));
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    TestChatClient slow = cluster.track(TestChatClient.connectWithoutReading("127.0.0.1", node.port(), 4096));
    slow.send(Frame.newBuilder().setLogin(ChatProtocol.LoginRequest.newBuilder().setToken(bob.token())));
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.presence.isOnline(bob.id()));

    String text = "x".repeat(3900);
    for (int window = 0; window < MESSAGES; window += WINDOW) {
      // a window at a time: the node refuses more than 64 queued requests per session (UNAVAILABLE)
      List<Long> sent = new ArrayList<>();
      for (int i = window; i < window + WINDOW; i++) {
        sent.add(a.send(Requests.send(bob.id(), "m" + i, text)));
      }
      for (long id : sent) {
        Frame ack = a.awaitResponse(id, Duration.ofSeconds(10));
        assertThat(ack.hasSendAck()).as("answer %s", ack).isTrue();
      }
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.presence.isOnline(bob.id()));
    assertThat(node.connectionCount()).isEqualTo(1);
    assertThat(cluster.messages.lastSeq(bob.id())).isEqualTo(MESSAGES);
    assertThat(slow.awaitClosed(Duration.ofSeconds(10))).as("the node closed the slow connection").isTrue();

    TestChatClient again = cluster.login(node, bob);
    Frame page = again.request(Requests.sync(MESSAGES - 10, 50));
    assertThat(page.getSyncResponse().getEntriesList()).hasSize(10);
    assertThat(a.request(Requests.ping()).hasPong()).isTrue();
  }
}
