package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node built with a warm-up serves its own clients afterwards, and the warm-up leaves its stores alone. */
class ChatNodeWarmUpTest {
  private final ChatCluster cluster = new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aWarmedUpNodeLogsInAndDeliversWithItsOwnStoresUntouched() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.warmUp(Duration.ofMillis(300)));
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);

    assertThat(a.request(Requests.send(bob.id(), "m1", "hello")).getSendAck().getSeq())
        .as("the first message in bob's mailbox: the warm-up wrote none here").isEqualTo(1);
    assertThat(b.awaitPush(dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT, Duration.ofSeconds(5)))
        .isNotNull();
    assertThat(cluster.users.findByEmail("a0@warmup.invalid")).isEmpty();
  }
}
