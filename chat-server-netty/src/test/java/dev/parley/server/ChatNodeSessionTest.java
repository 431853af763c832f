package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.FRIEND_ADDED_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.FRIEND_REQUEST_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.PRESENCE_EVENT;
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
 * One chat node over real loopback sockets: login, pushes, sync, kicks, timeouts. Its in-memory
 * backends make the node answer on its event loops; {@link ChatNodeSessionOffloadedTest} runs the
 * same tests with every request on the blocking-work threads.
 */
class ChatNodeSessionTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ChatCluster cluster = newCluster();

  ChatCluster cluster() {
    return cluster;
  }

  ChatCluster newCluster() {
    return new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void loginRepliesWithProfileFriendsAndSessionAndRegistersNodeAndPresence() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    cluster.login(node, bob);

    Frame answer = cluster.connect(node).login(ann.token());

    ChatProtocol.LoginResponse login = answer.getLoginResponse();
    assertThat(login.getProfile().getName()).isEqualTo(ann.name());
    assertThat(login.getFriendsList()).singleElement().satisfies(f -> {
      assertThat(f.getProfile().getUserId()).isEqualTo(bob.id());
      assertThat(f.getOnline()).isTrue();
    });
    assertThat(login.getSessionId()).isNotBlank();
    assertThat(login.getHeartbeatIntervalMs()).isEqualTo(15_000);
    assertThat(login.getDeploymentId()).isEqualTo(cluster.messages.deploymentId());
    assertThat(login.getMailboxEpoch()).isEqualTo(cluster.users.findById(ann.id()).orElseThrow().createdAt().toEpochMilli());
    assertThat(cluster.presence.sessions(ann.id())).singleElement().satisfies(b -> {
      assertThat(b.nodeId()).isEqualTo("n1");
      assertThat(b.sessionId()).isEqualTo(login.getSessionId());
    });
    assertThat(cluster.directory.find("n1")).hasValueSatisfying(i -> assertThat(i.port()).isEqualTo(node.port()));
    assertThat(cluster.meters.get("parley.logins").tag("node", "n1").counter().count()).isEqualTo(2.0);
  }

  @Test
  void friendsChatBothWaysWithPushesAndPresenceEvents() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);
    assertThat(a.awaitPush(f -> f.hasPresenceEvent() && f.getPresenceEvent().getOnline(), WAIT)).isNotNull();

    Frame ack = a.request(Requests.send(bob.id(), "m1", "hello bob"));
    assertThat(ack.getSendAck().getSeq()).isEqualTo(1);
    Frame pushed = b.awaitPush(MESSAGE_EVENT, WAIT);
    assertThat(pushed.getMessageEvent().getEntry().getMessage().getText()).isEqualTo("hello bob");
    assertThat(pushed.getMessageEvent().getEntry().getMessage().getSenderId()).isEqualTo(ann.id());

    b.request(Requests.send(ann.id(), "r1", "hi ann"));
    assertThat(a.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getSeq()).isEqualTo(2);

    assertThat(b.request(Requests.ping()).hasPong()).isTrue();
    Frame bye = b.request(Frame.newBuilder().setLogout(ChatProtocol.LogoutRequest.getDefaultInstance()));
    assertThat(bye.hasEmptyResponse()).isTrue();
    assertThat(b.awaitClosed(WAIT)).isTrue();
    Frame offline = a.awaitPush(PRESENCE_EVENT, WAIT);
    assertThat(offline.getPresenceEvent().getOnline()).isFalse();
    assertThat(cluster.presence.isOnline(bob.id())).isFalse();
    // counted just after the push is handed to the channel, so it may trail the client's receipt
    await().atMost(WAIT).untilAsserted(() -> assertThat(
        cluster.meters.get("parley.messages.delivered").tag("node", "n1").counter().count()).isEqualTo(2.0));
    assertThat(cluster.meters.get("parley.messages.sent").tag("node", "n1").counter().count()).isEqualTo(2.0);
    assertThat(cluster.meters.get("parley.request.latency").tags("node", "n1", "type", "send_message").timer().count())
        .isEqualTo(2);
    assertThat(cluster.meters.get("parley.connections").tag("node", "n1").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void requestsNeedALoginAndAValidTokenAndOnlyOneLoginPerConnection() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestChatClient c = cluster.connect(node);

    assertThat(code(c.request(Requests.ping()))).isEqualTo(ChatProtocol.ErrorCode.NOT_LOGGED_IN);
    assertThat(code(c.login("no-such-token"))).isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    assertThat(c.login(ann.token()).hasLoginResponse()).isTrue();
    assertThat(code(c.login(ann.token()))).isEqualTo(ChatProtocol.ErrorCode.BAD_REQUEST);
    assertThat(c.request(Requests.ping()).hasPong()).isTrue();
  }

  @Test
  void pipelinedRequestsRunInOrderAfterTheLogin() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.connect(node);

    long login = a.send(Frame.newBuilder().setLogin(ChatProtocol.LoginRequest.newBuilder().setToken(ann.token())));
    long[] ids = new long[30];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = a.send(Requests.send(bob.id(), "m" + i, "text " + i));
    }

    assertThat(a.awaitResponse(login, WAIT).hasLoginResponse()).isTrue();
    for (int i = 0; i < ids.length; i++) {
      assertThat(a.awaitResponse(ids[i], WAIT).getSendAck().getSeq()).isEqualTo(i + 1);
    }
    assertThat(cluster.messages.readMailbox(bob.id(), 0, 100)).extracting(e -> e.message().text())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "text " + i).toList());
  }

  @Test
  void offlineRecipientSyncsOnReconnectAndPagesHistory() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    for (int i = 1; i <= 5; i++) {
      a.request(Requests.send(bob.id(), "m" + i, "msg " + i));
    }

    TestChatClient b = cluster.connect(node);
    assertThat(b.login(bob.token()).getLoginResponse().getMailboxSeq()).isEqualTo(5);
    Frame page1 = b.request(Requests.sync(0, 3));
    assertThat(page1.getSyncResponse().getEntriesList()).extracting(e -> e.getMessage().getText())
        .containsExactly("msg 1", "msg 2", "msg 3");
    assertThat(page1.getSyncResponse().getHasMore()).isTrue();
    Frame page2 = b.request(Requests.sync(3, 3));
    assertThat(page2.getSyncResponse().getEntriesList()).extracting(e -> e.getSeq()).containsExactly(4L, 5L);
    assertThat(page2.getSyncResponse().getHasMore()).isFalse();

    ChatProtocol.HistoryResponse newest = b.request(Requests.history(ann.id(), 0, 2)).getHistoryResponse();
    assertThat(newest.getMessagesList()).extracting(m -> m.getText()).containsExactly("msg 5", "msg 4");
    assertThat(newest.getHasMore()).isTrue();
    long before = newest.getMessages(1).getMessageId();
    ChatProtocol.HistoryResponse older = b.request(Requests.history(ann.id(), before, 10)).getHistoryResponse();
    assertThat(older.getMessagesList()).extracting(m -> m.getText()).containsExactly("msg 3", "msg 2", "msg 1");

    assertThat(b.request(Requests.ack(5)).hasEmptyResponse()).isTrue();
    assertThat(cluster.messages.ackedSeq(bob.id())).isEqualTo(5);
  }

  @Test
  void friendRequestIsPushedToAnOnlineTargetAndAcceptingNotifiesBoth() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);

    assertThat(a.request(Requests.friendRequest(bob.id(), "hello")).hasFriendRequestResponse()).isTrue();
    Frame incoming = b.awaitPush(FRIEND_REQUEST_EVENT, WAIT);
    assertThat(incoming.getFriendRequestEvent().getRequest().getFrom().getUserId()).isEqualTo(ann.id());
    assertThat(incoming.getFriendRequestEvent().getRequest().getGreeting()).isEqualTo("hello");

    Frame answer = b.request(Requests.answer(ann.id(), true));
    assertThat(answer.getAnswerFriendRequestResponse().getFriend().getProfile().getUserId()).isEqualTo(ann.id());
    assertThat(answer.getAnswerFriendRequestResponse().getFriend().getOnline()).isTrue();
    assertThat(a.awaitPush(FRIEND_ADDED_EVENT, WAIT).getFriendAddedEvent().getFriend().getProfile().getUserId())
        .isEqualTo(bob.id());
    assertThat(b.awaitPush(FRIEND_ADDED_EVENT, WAIT).getFriendAddedEvent().getFriend().getProfile().getUserId())
        .isEqualTo(ann.id());
    assertThat(cluster.friends.areFriends(ann.id(), bob.id())).isTrue();
  }

  @Test
  void aSecondLoginOfTheSameUserKicksTheFirstSession() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestChatClient first = cluster.login(node, ann);

    TestChatClient second = cluster.connect(node);
    String newSession = second.login(ann.token()).getLoginResponse().getSessionId();

    // Neither client names a device or a platform: both are OTHER, and the policy (one session per
    // platform by default) lets the newer login replace the older.
    Frame kick = first.awaitPush(KICKED, WAIT);
    assertThat(kick).isNotNull();
    assertThat(kick.getKicked().getCode()).isEqualTo(ChatProtocol.KickReason.PLATFORM_CONFLICT);
    assertThat(kick.getKicked().getReason()).isEqualTo("logged in from another device of the same platform");
    assertThat(first.awaitClosed(WAIT)).isTrue();
    assertThat(second.request(Requests.ping()).hasPong()).isTrue();
    assertThat(cluster.presence.sessions(ann.id())).singleElement().satisfies(b -> assertThat(b.sessionId()).isEqualTo(newSession));
  }

  @Test
  void idleTimeoutClosesASilentConnectionAndTheUserGoesOffline() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults()
        .withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(400)));
    TestUser ann = cluster.newUser("ann");
    TestChatClient a = cluster.login(node, ann);
    assertThat(cluster.presence.isOnline(ann.id())).isTrue();

    assertThat(a.awaitClosed(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> !cluster.presence.isOnline(ann.id()));
    assertThat(node.connectionCount()).isZero();
  }

  @Test
  void aHeartBeatingConnectionOutlivesTheIdleTimeoutWhileASilentOneBesideItIsClosedOnTime() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults()
        .withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(400)));
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    // taken before ann's login, her last read: a slow second login (a TLS handshake on a busy machine) must
    // not make the close look early
    long start = System.nanoTime();
    TestChatClient silent = cluster.login(node, ann);
    TestChatClient busy = cluster.login(node, bob);

    // bob pings every 100 ms; ann's connection is closed within the idle timeout plus one sweep
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> busy.request(Requests.ping()).hasPong() && silent.isClosed());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    // and bob's lives on, past twice the idle timeout
    await().during(Duration.ofMillis(1000)).atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> busy.request(Requests.ping()).hasPong() && !busy.isClosed());
    assertThat(node.connectionCount()).isEqualTo(1);
    // a connection made after the loop's sweep may have stopped is still watched
    TestChatClient later = cluster.login(node, ann);
    assertThat(later.awaitClosed(WAIT)).isTrue();
  }

  @Test
  void aConnectionThatNeverLogsInIsClosedAfterTheLoginTimeout() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults().withLoginTimeout(Duration.ofMillis(300)));
    TestChatClient c = cluster.connect(node);
    assertThat(c.awaitClosed(WAIT)).isTrue();
  }

  @Test
  void stopClosesSessionsUnbindsThemAndLeavesTheDirectory() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestChatClient a = cluster.login(node, ann);

    node.stop();

    assertThat(a.awaitClosed(WAIT)).isTrue();
    assertThat(cluster.presence.isOnline(ann.id())).isFalse();
    assertThat(cluster.directory.find("n1")).isEmpty();
  }

  static ChatProtocol.ErrorCode code(Frame f) {
    assertThat(f.hasError()).as("expected an error, got %s", f).isTrue();
    return f.getError().getCode();
  }
}
