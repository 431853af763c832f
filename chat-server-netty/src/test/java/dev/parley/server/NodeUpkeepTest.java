package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        .until(() -> cluster.presence.isOnline(ann.id()));
  }

  @Test
  void withoutRefreshABindingWouldExpire() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.presenceRefreshInterval(Duration.ofMinutes(10)));
    TestUser ann = cluster.newUser("ann");
    cluster.login(node, ann);

    await().atMost(Duration.ofSeconds(5)).until(() -> !cluster.presence.isOnline(ann.id()));
  }

  @Test
  void aBindingLostBehindTheNodesBackIsRestoredAndPushesReachTheSessionAgain() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.presenceRefreshInterval(Duration.ofMillis(100)));
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);
    PresenceBinding bobs = single(cluster.presence.sessions(bob.id()));

    // as if the store restarted empty
    assertThat(cluster.presence.unbind(bob.id(), bobs.sessionId())).isEqualTo(UnbindResult.WENT_OFFLINE);

    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.presence.isOnline(bob.id()));
    PresenceBinding restored = single(cluster.presence.sessions(bob.id()));
    assertThat(restored.sessionId()).isEqualTo(bobs.sessionId());
    assertThat(restored.deviceId()).isEqualTo(bobs.deviceId());
    assertThat(restored.platform()).isEqualTo(bobs.platform());
    assertThat(a.request(Requests.send(bob.id(), "m1", "still there?")).hasSendAck()).isTrue();
    assertThat(b.awaitPush(BodyCase.MESSAGE_EVENT, Duration.ofSeconds(5))).as("push after the repair").isNotNull();
  }

  @Test
  void aSessionWhoseUserIsNowBoundElsewhereIsKickedLikeADuplicateLogin() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.presenceRefreshInterval(Duration.ofMillis(100)));
    TestUser bob = cluster.newUser("bob");
    TestChatClient b = cluster.login(node, bob);

    // A newer login of the same platform (OTHER, like the test client's) on another node, whose
    // kick never reached this one: the policy evicted this node's binding in the registry.
    BindResult newer = cluster.presence.bind(new PresenceBinding(bob.id(), "n2", "a-newer-session", Instant.now()),
        ChatLimits.defaults().loginPolicy());
    assertThat(newer.evicted()).hasSize(1);

    Frame kicked = b.awaitPush(BodyCase.KICKED, Duration.ofSeconds(5));
    assertThat(kicked).as("kicked").isNotNull();
    assertThat(kicked.getKicked().getCode()).isEqualTo(ChatProtocol.KickReason.PLATFORM_CONFLICT);
    assertThat(b.awaitClosed(Duration.ofSeconds(5))).isTrue();
    assertThat(single(cluster.presence.sessions(bob.id())).sessionId()).isEqualTo("a-newer-session");
  }

  private static PresenceBinding single(List<PresenceBinding> sessions) {
    assertThat(sessions).hasSize(1);
    return sessions.get(0);
  }
}
