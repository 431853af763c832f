package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node's periodic upkeep: heartbeats with its load, re-registration, presence refresh. */
class NodeUpkeepTest {
  private static final Duration PRESENCE_TTL = Duration.ofMillis(600);

  private final ChatCluster cluster = new ChatCluster(new InMemoryPresenceRegistry(PRESENCE_TTL, Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void heartbeatsCarryTheConnectionCountAndReRegisterAForgottenNode() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.nodeHeartbeatInterval(Duration.ofMillis(100)));
    cluster.login(node, cluster.newUser("ann"));
    cluster.login(node, cluster.newUser("bob"));
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.directory.find("n1").orElseThrow().load() == 2);

    cluster.directory.deregister("n1");
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.directory.find("n1").isPresent());
    assertThat(cluster.directory.find("n1").orElseThrow().internalPort()).isEqualTo(node.internalPort());
  }

  @Test
  void presenceOfLiveSessionsIsRefreshedBeyondItsTtl() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.presenceRefreshInterval(Duration.ofMillis(100)));
    TestUser ann = cluster.newUser("ann");
    cluster.login(node, ann);

    await().during(PRESENCE_TTL.multipliedBy(3)).atMost(PRESENCE_TTL.multipliedBy(5))
        .until(() -> cluster.presence.lookup(ann.id()).isPresent());
  }

  @Test
  void withoutRefreshABindingWouldExpire() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.presenceRefreshInterval(Duration.ofMinutes(10)));
    TestUser ann = cluster.newUser("ann");
    cluster.login(node, ann);

    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.presence.lookup(ann.id()).isEmpty());
  }

  @Test
  void aBindingLostBehindTheNodesBackIsRestoredAndPushesReachTheSessionAgain() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.presenceRefreshInterval(Duration.ofMillis(100)));
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);
    PresenceBinding bobs = cluster.presence.lookup(bob.id()).orElseThrow();

    assertThat(cluster.presence.unbind(bob.id(), bobs.sessionId())).isTrue(); // as if the store restarted empty

    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.presence.lookup(bob.id()).isPresent());
    assertThat(cluster.presence.lookup(bob.id()).orElseThrow().sessionId()).isEqualTo(bobs.sessionId());
    assertThat(a.request(Requests.send(bob.id(), "m1", "still there?")).hasSendAck()).isTrue();
    assertThat(b.awaitPush(BodyCase.MESSAGE_EVENT, Duration.ofSeconds(5))).as("push after the repair").isNotNull();
  }

  @Test
  void aSessionWhoseUserIsNowBoundElsewhereIsKickedLikeADuplicateLogin() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.presenceRefreshInterval(Duration.ofMillis(100)));
    TestUser bob = cluster.newUser("bob");
    TestChatClient b = cluster.login(node, bob);

    cluster.presence.bind(bob.id(), "n2", "a-newer-session");

    assertThat(b.awaitPush(BodyCase.KICKED, Duration.ofSeconds(5))).as("kicked").isNotNull();
    assertThat(b.awaitClosed(Duration.ofSeconds(5))).isTrue();
    assertThat(cluster.presence.lookup(bob.id()).orElseThrow().sessionId()).isEqualTo("a-newer-session");
  }
}
