package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.ERROR;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static dev.parley.server.ChatNodeSessionTest.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken clients: each gets an error or a closed connection, a well-behaved pair of
 * sessions on the same node keeps working, and nothing is stored wrongly.
 */
class HostileInputTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int MAX_FRAME = 1024;
  private static final int PER_SECOND = 20;
  private static final AtomicInteger MESSAGE_IDS = new AtomicInteger();

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private ChatNode node;
  private TestUser ann;
  private TestUser bob;
  private TestUser eve;
  private TestChatClient a;
  private TestChatClient b;

  @BeforeEach
  void start() {
    node = cluster.startNode("n1", ChatLimits.defaults().withMaxFrameBytes(MAX_FRAME).withMessagesPerSecond(PER_SECOND));
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    eve = cluster.newUser("eve");
    cluster.befriend(ann, bob);
    a = cluster.login(node, ann);
    b = cluster.login(node, bob);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void garbageBytesGetMalformedFrameAndAClose() {
    TestChatClient x = cluster.connect(node);
    x.sendRaw(new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    assertClosedWith(x, ErrorCode.MALFORMED_FRAME);
    wellBehavedSessionsStillWork();
  }

  @Test
  void aFrameOverTheLimitGetsFrameTooLargeAndAClose() {
    TestChatClient x = cluster.connect(node);
    byte[] body = new byte[MAX_FRAME + 1];
    x.sendRaw(concat(varint(body.length), body));
    assertClosedWith(x, ErrorCode.FRAME_TOO_LARGE);
    wellBehavedSessionsStillWork();
  }

  @Test
  void aVarintLongerThanFiveBytesGetsMalformedFrameAndAClose() {
    TestChatClient x = cluster.connect(node);
    x.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
    assertClosedWith(x, ErrorCode.MALFORMED_FRAME);
    wellBehavedSessionsStillWork();
  }

  @Test
  void aTruncatedFrameThenCloseLeavesNothingBehind() {
    TestChatClient x = cluster.login(node, eve);
    x.sendRaw(concat(varint(200), new byte[20]));
    x.close();
    await().atMost(WAIT).until(() -> node.connectionCount() == 2);
    await().atMost(WAIT).until(() -> !cluster.presence.isOnline(eve.id()));
    wellBehavedSessionsStillWork();
  }

  @Test
  void emptyBodiesAndResponseTypesAreUnsupportedRequests() {
    TestChatClient x = cluster.connect(node);
    x.sendFrame(Frame.newBuilder().setRequestId(7).build());
    x.sendFrame(Frame.newBuilder().setRequestId(8).setPong(ChatProtocol.PongResponse.getDefaultInstance()).build());
    x.sendFrame(Frame.newBuilder().setRequestId(9).setKicked(ChatProtocol.Kicked.getDefaultInstance()).build());

    for (long id = 7; id <= 9; id++) {
      Frame answer = x.awaitResponse(id, WAIT);
      assertThat(code(answer)).isEqualTo(ErrorCode.UNSUPPORTED_REQUEST);
    }
    assertThat(x.login(eve.token()).hasLoginResponse()).as("the connection stays usable").isTrue();
    wellBehavedSessionsStillWork();
  }

  @Test
  void aRequestWithRequestIdZeroIsRefusedWithBadRequestAndDoesNothing() {
    a.sendFrame(Requests.send(bob.id(), "zero-1", "sent with the push id").setRequestId(0).build());

    Frame error = a.awaitPush(ERROR, WAIT);
    assertThat(error).as("an error answered with request_id 0").isNotNull();
    assertThat(error.getRequestId()).isZero();
    assertThat(error.getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.getError().getMessage()).contains("request_id 0");
    assertThat(cluster.messages.lastSeq(bob.id())).as("nothing sent").isZero();
    assertThat(a.isClosed()).isFalse();
    wellBehavedSessionsStillWork();
  }

  @Test
  void requestsBeforeLoginAreRefusedAndStoreNothing() {
    TestChatClient x = cluster.connect(node);
    assertThat(code(x.request(Requests.send(bob.id(), "sneaky", "hi")))).isEqualTo(ErrorCode.NOT_LOGGED_IN);
    assertThat(code(x.request(Requests.friendRequest(bob.id(), "hi")))).isEqualTo(ErrorCode.NOT_LOGGED_IN);
    assertThat(cluster.messages.lastSeq(bob.id())).isZero();
    assertThat(cluster.friends.pendingRequestsTo(bob.id())).isEmpty();
    wellBehavedSessionsStillWork();
  }

  @Test
  void requestsOverTheRateGetRateLimitedWithARetryAfter() {
    TestChatClient x = cluster.login(node, eve);
    List<Long> ids = java.util.stream.IntStream.range(0, PER_SECOND * 2).mapToObj(i -> x.send(Requests.ping())).toList();
    List<Frame> answers = ids.stream().map(id -> x.awaitResponse(id, WAIT)).toList();

    List<Frame> refused = answers.stream().filter(Frame::hasError).toList();
    assertThat(refused).isNotEmpty().allSatisfy(f -> {
      assertThat(f.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
      assertThat(f.getError().getRetryAfterMs()).isPositive();
    });
    assertThat(answers.stream().filter(Frame::hasPong).count()).isGreaterThanOrEqualTo(PER_SECOND - 1);
    assertThat(x.isClosed()).isFalse();
  }

  @Test
  void tenThousandFramesAtOnceGetTheConnectionClosed() {
    TestChatClient x = cluster.login(node, eve);
    ByteArrayOutputStream flood = new ByteArrayOutputStream();
    for (int i = 1; i <= 10_000; i++) {
      byte[] frame = Requests.send(bob.id(), "flood" + i, "x").setRequestId(i).build().toByteArray();
      flood.writeBytes(varint(frame.length));
      flood.writeBytes(frame);
    }
    try {
      x.sendRaw(flood.toByteArray());
    } catch (UncheckedIOException e) {
      // the node may cut the connection before the whole flood is written
    }
    assertThat(x.awaitClosed(WAIT)).isTrue();
    assertThat(cluster.messages.lastSeq(bob.id())).as("eve is no friend of bob: nothing stored").isZero();
    wellBehavedSessionsStillWork();
  }

  @Test
  void noRequestCanActAsOrOnAnotherUser() {
    TestChatClient x = cluster.login(node, eve);

    assertThat(code(x.request(Requests.send(bob.id(), "e1", "hi bob")))).isEqualTo(ErrorCode.NOT_FRIENDS);
    assertThat(code(x.request(Requests.answer(ann.id(), true)))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(code(x.request(Frame.newBuilder().setSetFriendRemark(
        ChatProtocol.SetFriendRemarkRequest.newBuilder().setFriendId(bob.id()).setRemark("mine"))))).isEqualTo(ErrorCode.NOT_FRIENDS);
    assertThat(code(x.request(Frame.newBuilder().setRemoveFriend(
        ChatProtocol.RemoveFriendRequest.newBuilder().setFriendId(bob.id()))))).isEqualTo(ErrorCode.NOT_FRIENDS);
    assertThat(code(x.request(Requests.ack(-1)))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(x.request(Requests.send(eve.id(), "e2", "me")))).isEqualTo(ErrorCode.BAD_REQUEST);
    Frame updated = x.request(Frame.newBuilder().setUpdateProfile(
        ChatProtocol.UpdateProfileRequest.newBuilder().setNickname("Evil")));
    assertThat(updated.getProfileResponse().getProfile().getUserId()).isEqualTo(eve.id());
    Frame bobsProfile = x.request(Frame.newBuilder().setGetProfile(
        ChatProtocol.GetProfileRequest.newBuilder().setUserId(bob.id())));
    assertThat(bobsProfile.getProfileResponse().getProfile().getName()).isEqualTo(bob.name());

    assertThat(cluster.messages.lastSeq(bob.id())).isZero();
    assertThat(cluster.messages.lastSeq(eve.id())).isZero();
    assertThat(cluster.users.findById(bob.id()).orElseThrow().nickname()).isEmpty();
    assertThat(cluster.users.findById(eve.id()).orElseThrow().nickname()).isEqualTo("Evil");
    assertThat(cluster.friends.areFriends(ann.id(), bob.id())).isTrue();
    assertThat(cluster.friends.listFriends(eve.id())).isEmpty();
    wellBehavedSessionsStillWork();
  }

  private void wellBehavedSessionsStillWork() {
    String text = "still here " + MESSAGE_IDS.incrementAndGet();
    Frame ack = a.request(Requests.send(bob.id(), "ok-" + MESSAGE_IDS.get(), text));
    assertThat(ack.hasSendAck()).as("ack %s", ack).isTrue();
    Frame pushed = b.awaitPush(f -> f.getBodyCase() == MESSAGE_EVENT
        && f.getMessageEvent().getEntry().getMessage().getText().equals(text), WAIT);
    assertThat(pushed).isNotNull();
    assertThat(b.request(Requests.ping()).hasPong()).isTrue();
  }

  private static void assertClosedWith(TestChatClient x, ErrorCode expected) {
    Frame error = x.awaitPush(ERROR, WAIT);
    assertThat(error).as("an error frame before the close").isNotNull();
    assertThat(error.getError().getCode()).isEqualTo(expected);
    assertThat(x.awaitClosed(WAIT)).isTrue();
  }

  static byte[] varint(int value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int v = value;
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
    return out.toByteArray();
  }

  static byte[] concat(byte[] x, byte[] y) {
    byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
