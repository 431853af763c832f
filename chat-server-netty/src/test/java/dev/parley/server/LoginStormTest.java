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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A login that finds the node's work queue full (a login storm on a node with blocking backends)
 * is refused RATE_LIMITED with a retry-after, not UNAVAILABLE, and logs in when tried again.
 */
class LoginStormTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final GatedPresenceRegistry presence =
      new GatedPresenceRegistry(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()));
  private final ChatCluster cluster =
      new ChatCluster(presence, new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private TestChatClient a;
  private TestChatClient d;

  @AfterEach
  void stop() {
    presence.open();
    cluster.close();
  }

  @Test
  void aLoginRefusedForAFullQueueIsRateLimitedWithARetryAfterAndLaterSucceeds() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.blockingWork(1, 1));
    long[] held = fillTheWorkQueue(node);
    TestUser cat = cluster.newUser("cat");
    TestChatClient c = cluster.connect(node);

    Frame refused = c.awaitResponse(
        c.send(Frame.newBuilder().setLogin(ChatProtocol.LoginRequest.newBuilder().setToken(cat.token()))), WAIT);

    assertThat(refused.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.RATE_LIMITED);
    assertThat(refused.getError().getRetryAfterMs()).isBetween(500, 1000);
    presence.open();
    assertThat(a.awaitResponse(held[0], WAIT).hasListFriendsResponse()).isTrue();
    assertThat(d.awaitResponse(held[1], WAIT).hasListFriendsResponse()).isTrue();
    assertThat(c.login(cat.token()).hasLoginResponse()).as("the refused login, tried again").isTrue();
  }

  @Test
  void anyOtherRequestRefusedForAFullQueueStaysUnavailable() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.blockingWork(1, 1));
    TestChatClient c = cluster.login(node, cluster.newUser("cat"));
    fillTheWorkQueue(node);

    Frame refused = c.awaitResponse(c.send(listFriends()), WAIT);

    assertThat(refused.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.UNAVAILABLE);
    assertThat(refused.getError().getRetryAfterMs()).isZero();
  }

  /**
   * With one blocking-work thread and one queue slot: ann's ListFriends holds the thread (presence
   * look-ups wait), dan's waits in the queue. Dan's Ping, answered on the event loop after his
   * ListFriends was dispatched, shows it is queued. Returns both request ids.
   */
  private long[] fillTheWorkQueue(ChatNode node) {
    a = cluster.login(node, cluster.newUser("ann"));
    d = cluster.login(node, cluster.newUser("dan"));
    presence.close();
    long first = a.send(listFriends());
    await().atMost(WAIT).until(() -> presence.blockedLookups() == 1);
    long second = d.send(listFriends());
    assertThat(d.awaitResponse(d.send(Requests.ping()), WAIT).hasPong()).isTrue();
    return new long[] {first, second};
  }

  private static Frame.Builder listFriends() {
    return Frame.newBuilder().setListFriends(ChatProtocol.ListFriendsRequest.getDefaultInstance());
  }
}
