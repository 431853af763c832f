package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.internal.node.TokenRecheck;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two chat nodes in one JVM sharing stores, talking to each other over real node-to-node gRPC.
 * Subclasses say where presence and the node directory live (in-process, or a StatusServer
 * reached over gRPC).
 */
abstract class TwoNodeClusterContract {
  private static final Duration WAIT = Duration.ofSeconds(5);

  protected ChatCluster cluster;
  private ChatNode node1;
  private ChatNode node2;
  private TestUser ann;
  private TestUser bob;

  /** A cluster whose presence registry and node directory are the ones under test. */
  protected abstract ChatCluster newCluster();

  /** Releases what {@link #newCluster()} made beyond the cluster itself. */
  protected void closeBackends() {}

  @BeforeEach
  void start() {
    cluster = newCluster();
    node1 = cluster.startNode("node-1", ChatLimits.defaults());
    node2 = cluster.startNode("node-2", ChatLimits.defaults());
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
  }

  @AfterEach
  void stop() {
    cluster.close();
    closeBackends();
  }

  @Test
  void usersOnDifferentNodesExchangeMessages() {
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient b = cluster.login(node2, bob);

    a.request(Requests.send(bob.id(), "a1", "from node 1"));
    b.request(Requests.send(ann.id(), "b1", "from node 2"));

    assertThat(b.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText())
        .isEqualTo("from node 1");
    assertThat(a.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText())
        .isEqualTo("from node 2");
    assertThat(cluster.directory.liveNodes()).extracting(i -> i.nodeId()).contains("node-1", "node-2");
  }

  @Test
  void aLoginOnTheOtherNodeKicksTheFirstSession() {
    TestChatClient first = cluster.login(node2, bob);
    TestChatClient second = cluster.connect(node1);
    String session = second.login(bob.token()).getLoginResponse().getSessionId();

    Frame kicked = first.awaitPush(KICKED, WAIT);
    assertThat(kicked).isNotNull();
    assertThat(kicked.getKicked().getCode()).isEqualTo(ChatProtocol.KickReason.PLATFORM_CONFLICT);
    assertThat(first.awaitClosed(WAIT)).isTrue();
    assertThat(cluster.presence.sessions(bob.id())).singleElement().satisfies(p -> {
      assertThat(p.nodeId()).isEqualTo("node-1");
      assertThat(p.sessionId()).isEqualTo(session);
    });
    assertThat(second.request(Requests.ping()).hasPong()).isTrue();
  }

  @Test
  void aPasswordResetKicksTheSessionOnAnotherNode() {
    TestChatClient bobs = cluster.login(node2, bob);
    TestChatClient anns = cluster.login(node1, ann);

    // what AccountService.resetPassword does after the new password is stored, from outside any node
    cluster.tokens.revokeAll(bob.id());
    try (PresenceSessionCloser closer = cluster.newSessionCloser()) {
      closer.closeSessions(bob.id(), AccountService.PASSWORD_RESET_REASON);

      ChatProtocol.Kicked kick = bobs.awaitPush(KICKED, WAIT).getKicked();
      assertThat(kick.getReason()).isEqualTo(AccountService.PASSWORD_RESET_REASON);
      assertThat(kick.getCode()).isEqualTo(ChatProtocol.KickReason.REVOKED);
      assertThat(bobs.awaitClosed(WAIT)).isTrue();
    }
    assertThat(anns.request(Requests.ping()).hasPong()).as("another user's session").isTrue();
    TestChatClient again = cluster.connect(node1);
    assertThat(ChatNodeSessionTest.code(again.login(bob.token()))).isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
  }

  @Test
  void aNodeClosesASessionWhoseTokenWasRevokedWithoutAKick() {
    ChatNode rechecking = cluster.startNode("node-3", ChatLimits.defaults(),
        b -> b.tokenRecheckInterval(Duration.ofMillis(200)));
    TestChatClient bobs = cluster.login(rechecking, bob);
    TestChatClient anns = cluster.login(rechecking, ann);

    cluster.tokens.revokeAll(bob.id()); // no kick: a reset whose kick was lost, or raced this login

    ChatProtocol.Kicked kick = bobs.awaitPush(KICKED, WAIT).getKicked();
    assertThat(kick.getReason()).isEqualTo(TokenRecheck.REVOKED_REASON);
    assertThat(kick.getCode()).isEqualTo(ChatProtocol.KickReason.REVOKED);
    assertThat(bobs.awaitClosed(WAIT)).isTrue();
    assertThat(anns.request(Requests.ping()).hasPong()).as("a session whose token is live").isTrue();
  }

  @Test
  void stoppingANodeLosesNoAcknowledgedMessage() {
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient b = cluster.login(node2, bob);
    List<Long> acked = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Frame ack = a.request(Requests.send(bob.id(), "m" + i, "message " + i));
      acked.add(ack.getSendAck().getMessageId());
    }

    node2.stop();
    assertThat(b.awaitClosed(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> !cluster.presence.isOnline(bob.id()));

    TestChatClient again = cluster.login(node1, bob);
    ChatProtocol.SyncResponse sync = again.request(Requests.sync(0, 100)).getSyncResponse();
    assertThat(sync.getEntriesList()).extracting(e -> e.getMessage().getMessageId()).containsExactlyElementsOf(acked);
    assertThat(cluster.directory.find("node-2")).isEmpty();
  }
}
