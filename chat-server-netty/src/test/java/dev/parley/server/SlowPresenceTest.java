package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A presence store that hangs (an outage being retried) must not hold up heartbeats or send acks. */
class SlowPresenceTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final GatedPresenceRegistry presence =
      new GatedPresenceRegistry(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()));
  private final ChatCluster cluster =
      new ChatCluster(presence, new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));

  @AfterEach
  void stop() {
    presence.open();
    cluster.close();
  }

  @Test
  void pingIsAnsweredWhileTheSessionsPreviousRequestWaitsOnPresence() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestChatClient a = cluster.login(node, ann);

    presence.close();
    long friends = a.send(Frame.newBuilder().setListFriends(ChatProtocol.ListFriendsRequest.getDefaultInstance()));
    await().atMost(WAIT).until(() -> presence.blockedLookups() == 1);

    assertThat(a.awaitResponse(a.send(Requests.ping()), WAIT).hasPong()).isTrue();
    presence.open();
    assertThat(a.awaitResponse(friends, WAIT).hasListFriendsResponse()).isTrue();
  }

  @Test
  void pingBeforeLoginIsStillRefused() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    Frame answer = cluster.connect(node).request(Requests.ping());
    assertThat(answer.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.NOT_LOGGED_IN);
  }

  @Test
  void theSendAckDoesNotWaitForTheRecipientsPresenceLookup() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);

    presence.close();
    Frame ack = a.awaitResponse(a.send(Requests.send(bob.id(), "m1", "hello")), WAIT);
    assertThat(ack.getSendAck().getSeq()).isEqualTo(1);
    assertThat(b.pushes()).noneMatch(Frame::hasMessageEvent);

    presence.open();
    Frame pushed = b.awaitPush(MESSAGE_EVENT, WAIT);
    assertThat(pushed).as("the push after the look-up was released").isNotNull();
    assertThat(pushed.getMessageEvent().getEntry().getMessage().getText()).isEqualTo("hello");
  }
}
