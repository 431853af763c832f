package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
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
import dev.parley.server.testing.TestWebSocketClient;
import dev.parley.server.testing.TestWebSocketClient.Mode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The session journey over the chat node's WebSocket port with {@code java.net.http.WebSocket}, in
 * binary (protobuf) and JSON (text) modes, beside TCP clients on the same node: login by token,
 * ping, sends both ways to a TCP and a WebSocket friend, pushes, sync, ack, logout, and a kick.
 */
class ChatNodeWebSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private final List<TestWebSocketClient> sockets = new ArrayList<>();

  @AfterEach
  void stop() {
    sockets.forEach(TestWebSocketClient::close);
    cluster.close();
  }

  private ChatNode startNode(ChatLimits limits) {
    return cluster.startNode("n1", limits, b -> b.webSocketPort(0));
  }

  private TestWebSocketClient connect(ChatNode node, Mode mode) {
    TestWebSocketClient c = TestWebSocketClient.connect(node.webSocketPort(), mode);
    sockets.add(c);
    return c;
  }

  private TestWebSocketClient login(ChatNode node, TestUser user, Mode mode) {
    TestWebSocketClient c = connect(node, mode);
    Frame answer = c.login(user.token());
    assertThat(answer.hasLoginResponse()).as("login answer %s", answer).isTrue();
    return c;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theWholeSessionJourneyWorksOverWebSocketBesideTcp(Mode mode) {
    ChatNode node = startNode(ChatLimits.defaults());
    assertThat(node.webSocketPort()).isPositive().isNotEqualTo(node.port());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    TestUser cid = cluster.newUser("cid");
    cluster.befriend(ann, bob);
    cluster.befriend(ann, cid);
    TestChatClient b = cluster.login(node, bob); // TCP
    TestWebSocketClient c = login(node, cid, mode);

    TestWebSocketClient a = connect(node, mode);
    ChatProtocol.LoginResponse login = a.login(ann.token()).getLoginResponse();
    assertThat(login.getProfile().getName()).isEqualTo(ann.name());
    assertThat(login.getFriendsList()).extracting(f -> f.getProfile().getUserId())
        .containsExactlyInAnyOrder(bob.id(), cid.id());
    assertThat(cluster.presence.sessions(ann.id())).singleElement().satisfies(p -> assertThat(p.sessionId())
        .isEqualTo(login.getSessionId()));
    assertThat(a.request(Requests.ping()).hasPong()).isTrue();
    a.sendPing(); // a WebSocket-level ping: answered by a pong, the session goes on
    assertThat(a.request(Requests.ping()).hasPong()).isTrue();

    assertThat(a.request(Requests.send(bob.id(), "m1", "hello bob over tcp")).hasSendAck()).isTrue();
    assertThat(b.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText())
        .isEqualTo("hello bob over tcp");
    assertThat(a.request(Requests.send(cid.id(), "m2", "hello cid over ws")).hasSendAck()).isTrue();
    assertThat(c.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText())
        .isEqualTo("hello cid over ws");
    b.request(Requests.send(ann.id(), "r1", "hi ann, from tcp"));
    c.request(Requests.send(ann.id(), "r2", "hi ann, from ws"));
    Frame fromBob = a.awaitPush(f -> f.hasMessageEvent()
        && f.getMessageEvent().getEntry().getMessage().getText().equals("hi ann, from tcp"), WAIT);
    assertThat(fromBob.getMessageEvent().getEntry().getMessage().getSenderId()).isEqualTo(bob.id());
    Frame fromCid = a.awaitPush(f -> f.hasMessageEvent()
        && f.getMessageEvent().getEntry().getMessage().getText().equals("hi ann, from ws"), WAIT);
    assertThat(fromCid.getMessageEvent().getEntry().getMessage().getSenderId()).isEqualTo(cid.id());
    if (mode == Mode.JSON) {
      assertThat(a.lastTextReceived()).as("pushes come back as JSON").contains("\"messageEvent\"");
    }

    ChatProtocol.SyncResponse sync = a.request(Requests.sync(0, 10)).getSyncResponse();
    assertThat(sync.getEntriesList()).filteredOn(e -> e.getMessage().getSenderId() != ann.id())
        .extracting(e -> e.getMessage().getText()).containsExactly("hi ann, from tcp", "hi ann, from ws");
    long last = fromCid.getMessageEvent().getEntry().getSeq();
    assertThat(sync.getEntriesList()).last().satisfies(e -> assertThat(e.getSeq()).isEqualTo(last));
    assertThat(a.request(Requests.ack(last)).hasEmptyResponse()).isTrue();
    assertThat(cluster.messages.ackedSeq(ann.id())).isEqualTo(last);
    assertThat(sessions("ws")).isEqualTo(2.0);
    assertThat(sessions("tcp")).isEqualTo(1.0);

    Frame bye = a.request(Frame.newBuilder().setLogout(ChatProtocol.LogoutRequest.getDefaultInstance()));
    assertThat(bye.hasEmptyResponse()).isTrue();
    assertThat(a.awaitClosed(WAIT)).isTrue();
    assertThat(a.closeStatus()).as("a WebSocket close, not a dropped socket").isEqualTo(1000);
    await().atMost(WAIT).until(() -> !cluster.presence.isOnline(ann.id()));
    await().atMost(WAIT).until(() -> sessions("ws") == 1.0);
  }

  @Test
  void theLoginFrameInTheReadmeIsAcceptedAndAnsweredInJson() {
    ChatNode node = startNode(ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestWebSocketClient a = connect(node, Mode.JSON);

    a.sendText("{\"requestId\": \"100\", \"login\": {\"token\": \"" + ann.token() + "\"}}");

    assertThat(a.awaitResponse(100, WAIT).getLoginResponse().getProfile().getUserId()).isEqualTo(ann.id());
    assertThat(a.lastTextReceived()).startsWith("{\"requestId\":\"100\",\"loginResponse\":{");
    assertThat(a.request(Requests.ping()).hasPong()).isTrue();
    assertThat(a.lastTextReceived()).matches("\\{\"requestId\":\"1\",\"pong\":\\{\"serverTimeMs\":\"\\d+\"}}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSubprotocolFixesTheModeFromTheHandshake(Mode mode) {
    ChatNode node = startNode(ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    String subprotocol = mode == Mode.JSON ? "parley.v1.json" : "parley.v1.proto";
    // the client speaks the other kind: the answers still come in the subprotocol's
    TestWebSocketClient a = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + node.webSocketPort() + "/ws"),
        mode == Mode.JSON ? Mode.BINARY : Mode.JSON, null, subprotocol);
    sockets.add(a);
    assertThat(a.subprotocol()).isEqualTo(subprotocol);

    assertThat(a.login(ann.token()).hasLoginResponse()).isTrue();

    if (mode == Mode.JSON) {
      assertThat(a.lastTextReceived()).contains("\"loginResponse\"");
    } else {
      assertThat(a.lastTextReceived()).as("no text from a parley.v1.proto connection").isNull();
    }
  }

  @Test
  void aSecondLoginKicksTheWebSocketSessionAsItKicksATcpOne() {
    ChatNode node = startNode(ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    TestWebSocketClient firstWs = login(node, ann, Mode.JSON);
    TestChatClient firstTcp = cluster.login(node, bob);

    String newSession = connect(node, Mode.BINARY).login(ann.token()).getLoginResponse().getSessionId();
    cluster.connect(node).login(bob.token());

    Frame wsKick = firstWs.awaitPush(KICKED, WAIT);
    Frame tcpKick = firstTcp.awaitPush(KICKED, WAIT);
    assertThat(wsKick).isNotNull();
    assertThat(wsKick.getKicked().getCode()).isEqualTo(ChatProtocol.KickReason.PLATFORM_CONFLICT);
    assertThat(wsKick.getKicked()).isEqualTo(tcpKick.getKicked());
    assertThat(firstWs.awaitClosed(WAIT)).isTrue();
    assertThat(firstWs.closeStatus()).isEqualTo(1000);
    assertThat(firstTcp.awaitClosed(WAIT)).isTrue();
    assertThat(cluster.presence.sessions(ann.id())).singleElement().satisfies(p -> assertThat(p.sessionId()).isEqualTo(newSession));
  }

  @Test
  void aSilentWebSocketIsClosedByTheIdleSweepAndAWebSocketPingKeepsItOpen() {
    ChatNode node = startNode(ChatLimits.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(600)));
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    TestWebSocketClient silent = login(node, ann, Mode.BINARY);
    TestWebSocketClient pinging = login(node, bob, Mode.BINARY);

    long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    while (System.nanoTime() < until) { // WebSocket pings only, no protocol request: still activity
      pinging.sendPing();
      assertThat(pinging.awaitClosed(Duration.ofMillis(150))).isFalse();
    }

    assertThat(silent.isClosed()).isTrue();
    await().atMost(WAIT).until(() -> !cluster.presence.isOnline(ann.id()));
    assertThat(pinging.request(Requests.ping()).hasPong()).isTrue();
  }

  @Test
  void aNodeWithoutAWebSocketPortReportsZero() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    assertThat(node.webSocketPort()).isZero();
  }

  private double sessions(String transport) {
    return cluster.meters.get("parley.sessions").tags("node", "n1", "transport", transport).gauge().value();
  }
}
