package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.ERROR;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import dev.parley.server.testing.TestWebSocketClient;
import dev.parley.server.testing.TestWebSocketClient.Mode;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken WebSocket client gets from the chat node: a disallowed Origin 403, a
 * request that is no upgrade of /ws 400 or 404, text that is no JSON Frame an Error then a close
 * (in JSON), a message over the frame limit close 1009, a fragmented message an Error and a close,
 * a flood RATE_LIMITED and then a close; and all the while the node serves everyone else and
 * stores exactly what it acknowledged.
 */
class WebSocketHostileInputTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MAX_FRAME = 4096;
  private static final int PER_SECOND = 20;
  private static final String PAGE = "https://chat.example.com";

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private final List<TestWebSocketClient> sockets = new ArrayList<>();
  private final AtomicInteger messageIds = new AtomicInteger();
  private ChatNode node;
  private TestUser ann;
  private TestUser bob;
  private TestUser eve;
  private TestWebSocketClient a;
  private TestChatClient b;

  @BeforeEach
  void start() {
    node = cluster.startNode("n1", ChatLimits.defaults().withMaxFrameBytes(MAX_FRAME).withMessagesPerSecond(PER_SECOND),
        nb -> nb.webSocketPort(0).webSocketAllowedOrigins(List.of(PAGE, "http://localhost:5173")));
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    eve = cluster.newUser("eve");
    cluster.befriend(ann, bob);
    cluster.befriend(eve, bob);
    a = login(ann, Mode.JSON, PAGE);
    b = cluster.login(node, bob);
  }

  @AfterEach
  void stop() {
    sockets.forEach(TestWebSocketClient::close);
    cluster.close();
  }

  @Test
  void anUpgradeFromADisallowedOriginIsRefused403AndAllowedOnesAndNonBrowsersGetIn() {
    assertThat(handshakeStatus(node, "https://evil.example.com")).isEqualTo(403);
    assertThat(handshakeStatus(node, "https://chat.example.com:8443")).as("another port").isEqualTo(403);
    assertThat(handshakeStatus(node, "null")).as("a sandboxed page").isEqualTo(403);
    assertThat(login(eve, Mode.BINARY, "HTTP://LOCALHOST:5173").request(Requests.ping()).hasPong()).isTrue();
    assertThat(login(cluster.newUser("cid"), Mode.BINARY, null).request(Requests.ping()).hasPong())
        .as("no Origin: not a browser").isTrue();
    wellBehavedSessionsStillWork();
  }

  @Test
  void byDefaultOnlyPagesOnTheAdvertisedHostMayUpgrade() {
    ChatNode plain = cluster.startNode("n2", ChatLimits.defaults(), nb -> nb.webSocketPort(0));

    assertThat(handshakeStatus(plain, "https://evil.example.com")).isEqualTo(403);
    assertThat(handshakeStatus(plain, "http://localhost:5173")).as("not the advertised host 127.0.0.1").isEqualTo(403);
    TestWebSocketClient page = TestWebSocketClient.connect(wsUri(plain), Mode.JSON, "http://127.0.0.1:5173", null);
    sockets.add(page);
    assertThat(page.login(eve.token()).hasLoginResponse()).isTrue();
  }

  @Test
  void aRequestThatIsNoUpgradeOfTheWebSocketPathIsAnsweredAndClosed() {
    try (RawHttpConnection wrongPath = new RawHttpConnection(node.webSocketPort())) {
      wrongPath.write(upgrade("/chat"));
      assertThat(wrongPath.read().status()).isEqualTo(404);
      assertThat(wrongPath.closedByServer()).isTrue();
    }
    try (RawHttpConnection plainGet = new RawHttpConnection(node.webSocketPort())) {
      plainGet.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(plainGet.read().status()).isEqualTo(400);
      assertThat(plainGet.closedByServer()).isTrue();
    }
    try (RawHttpConnection garbage = new RawHttpConnection(node.webSocketPort())) {
      garbage.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o', '\r', '\n', '\r', '\n'});
      assertThat(garbage.read().status()).isEqualTo(400);
      assertThat(garbage.closedByServer()).isTrue();
    }
    wellBehavedSessionsStillWork();
  }

  @Test
  void textThatIsNotJsonGetsMalformedFrameInJsonAndAClose() {
    TestWebSocketClient x = login(eve, Mode.JSON, null);

    x.sendText("this is { not json");

    assertClosedWith(x, ErrorCode.MALFORMED_FRAME);
    assertThat(x.lastTextReceived()).as("the error comes as JSON").contains("\"MALFORMED_FRAME\"");
    await().atMost(WAIT).until(() -> !cluster.presence.isOnline(eve.id()));
    wellBehavedSessionsStillWork();
  }

  @Test
  void jsonThatIsNotAFrameGetsMalformedFrameAndAClose() {
    TestWebSocketClient x = login(eve, Mode.JSON, null);

    x.sendText("{\"requestId\":\"7\",\"sendMessage\":{\"toUserId\":\"" + bob.id()
        + "\",\"clientMsgId\":\"u1\",\"text\":\"hi\"},\"isAdmin\":true}");

    assertClosedWith(x, ErrorCode.MALFORMED_FRAME);
    assertThat(cluster.messages.lastSeq(bob.id())).as("nothing stored").isZero();
    wellBehavedSessionsStillWork();
  }

  @Test
  void aBinaryMessageOverTheFrameLimitIsClosed1009AndNothingIsStored() {
    TestWebSocketClient x = login(eve, Mode.BINARY, null);

    // not waited for: the node may close before the whole message is written
    x.sendBinaryWithoutWaiting(Requests.send(bob.id(), "big", "x".repeat(MAX_FRAME)).setRequestId(9).build().toByteArray());

    assertThat(x.awaitClosed(WAIT)).isTrue();
    assertThat(x.closeStatus()).isEqualTo(1009);
    assertThat(cluster.messages.lastSeq(bob.id())).as("nothing stored").isZero();
    wellBehavedSessionsStillWork();
  }

  @Test
  void aFragmentedMessageIsRefusedWithMalformedFrame() {
    TestWebSocketClient x = login(eve, Mode.BINARY, null);
    byte[] ping = Requests.ping().setRequestId(3).build().toByteArray();

    x.sendBinaryPart(java.util.Arrays.copyOf(ping, 1), false);
    x.sendBinaryPart(java.util.Arrays.copyOfRange(ping, 1, ping.length), true);

    assertClosedWith(x, ErrorCode.MALFORMED_FRAME);
    wellBehavedSessionsStillWork();
  }

  @Test
  void aFloodIsRateLimitedThenCutWhileOthersGoOnAndOnlyAcknowledgedSendsAreStored() {
    TestWebSocketClient x = login(eve, Mode.BINARY, null);
    int frames = 10_000;
    long firstId = 1_000; // clear of the ids the client gave its login
    CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> {
      int sent = 0;
      try {
        for (int i = 1; i <= frames; i++) {
          x.sendFrame(Requests.send(bob.id(), "flood" + i, "flood " + i).setRequestId(firstId + i).build());
          sent++;
        }
      } catch (CompletionException e) {
        // the node cut the connection mid-flood
      }
      return sent;
    });

    wellBehavedSessionsStillWork(); // during the flood (it may be over already: it is cut fast)
    int sent = flood.join();
    assertThat(x.awaitClosed(WAIT)).isTrue();

    List<Frame> answers = new ArrayList<>();
    for (long id = firstId + 1; id <= firstId + sent; id++) {
      Frame f = x.answerIfAny(id);
      if (f != null) {
        answers.add(f);
      }
    }
    assertThat(answers).filteredOn(Frame::hasError).isNotEmpty()
        .allSatisfy(f -> assertThat(f.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED));
    Set<String> acked = new TreeSet<>();
    answers.stream().filter(Frame::hasSendAck).forEach(f -> acked.add("flood" + (f.getRequestId() - firstId)));
    assertThat(acked).hasSizeGreaterThanOrEqualTo(PER_SECOND - 1).hasSizeLessThan(sent);
    Set<String> stored = new TreeSet<>();
    List<MailboxEntry> mailbox = cluster.messages.readMailbox(bob.id(), 0, 10_000);
    mailbox.stream().filter(e -> e.message().senderId() == eve.id()).forEach(e -> stored.add(e.message().clientMsgId()));
    assertThat(stored).as("eve's stored messages are exactly her acknowledged sends").isEqualTo(acked);
    assertThat(mailbox.stream().filter(e -> e.message().senderId() == eve.id()).count()).as("no duplicates")
        .isEqualTo(acked.size());
    assertThat(b.request(Requests.sync(0, 200)).getSyncResponse().getEntriesList())
        .filteredOn(e -> e.getMessage().getSenderId() == eve.id())
        .extracting(e -> e.getMessage().getText()).as("what bob syncs")
        .containsExactlyInAnyOrderElementsOf(acked.stream().map(id -> id.replace("flood", "flood ")).toList());
    wellBehavedSessionsStillWork();
  }

  private TestWebSocketClient login(TestUser user, Mode mode, String origin) {
    TestWebSocketClient c = TestWebSocketClient.connect(wsUri(node), mode, origin, null);
    sockets.add(c);
    Frame answer = c.login(user.token());
    assertThat(answer.hasLoginResponse()).as("login answer %s", answer).isTrue();
    return c;
  }

  private static URI wsUri(ChatNode n) {
    return URI.create("ws://127.0.0.1:" + n.webSocketPort() + "/ws");
  }

  private int handshakeStatus(ChatNode n, String origin) {
    Throwable[] failure = new Throwable[1];
    assertThatThrownBy(() -> sockets.add(TestWebSocketClient.connect(wsUri(n), Mode.JSON, origin, null)))
        .isInstanceOf(CompletionException.class)
        .satisfies(e -> failure[0] = e.getCause());
    assertThat(failure[0]).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) failure[0]).getResponse().statusCode();
  }

  private static String upgrade(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }

  private void wellBehavedSessionsStillWork() {
    String text = "still here " + messageIds.incrementAndGet();
    Frame ack = a.request(Requests.send(bob.id(), "ok-" + messageIds.get(), text));
    assertThat(ack.hasSendAck()).as("ack %s", ack).isTrue();
    assertThat(b.awaitPush(f -> f.getBodyCase() == MESSAGE_EVENT
        && f.getMessageEvent().getEntry().getMessage().getText().equals(text), WAIT)).isNotNull();
    b.request(Requests.send(ann.id(), "back-" + messageIds.get(), "back " + text));
    assertThat(a.awaitPush(f -> f.getBodyCase() == MESSAGE_EVENT
        && f.getMessageEvent().getEntry().getMessage().getText().equals("back " + text), WAIT)).isNotNull();
  }

  private static void assertClosedWith(TestWebSocketClient x, ErrorCode expected) {
    Frame error = x.awaitPush(ERROR, WAIT);
    assertThat(error).as("an error frame before the close").isNotNull();
    assertThat(error.getError().getCode()).isEqualTo(expected);
    assertThat(x.awaitClosed(WAIT)).isTrue();
  }
}
