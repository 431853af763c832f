package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.READ_POSITION_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.READ_RECEIPT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Platform;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's read position over real sockets: an Ack on one device is pushed to the user's other
 * devices ({@code ReadPositionEvent}), and, where the deployment and the reader allow it, to the
 * senders of what was read ({@code ReadReceiptEvent}); per-user settings round-trip and arrive in
 * the LoginResponse. In-memory backends answer on the event loops; {@link ReadPositionOffloadedTest}
 * runs the same on the blocking-work threads.
 *
 * <p>Where a test shows that something was not pushed, a later push to the same user that must
 * come after it in the user's push order shows it (pushes to one user keep their order); receipts
 * (run on the work pool, in no order) are checked by waiting a while that none comes.
 */
class ReadPositionTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ChatLimits RECEIPTS = ChatLimits.defaults().withReadReceipts(true);

  private final ChatCluster cluster = newCluster();

  ChatCluster newCluster() {
    return new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void anAckOnOneDeviceIsPushedToTheUsersOtherDevicesOnly() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient desk = login(node, ann, "ann-desk", Platform.DESKTOP);
    TestChatClient phone = login(node, ann, "ann-phone", Platform.MOBILE);
    TestChatClient b = cluster.login(node, bob);
    for (int i = 1; i <= 4; i++) {
      send(b, ann, "m" + i);
    }

    assertThat(desk.request(Requests.ack(2)).hasEmptyResponse()).isTrue();
    assertThat(position(phone)).isEqualTo(2);
    assertThat(phone.request(Requests.ack(3)).hasEmptyResponse()).isTrue();
    // desk's first ReadPositionEvent is 3: it was not pushed its own ack to 2, which came first
    assertThat(position(desk)).isEqualTo(3);
    assertThat(desk.request(Requests.ack(4)).hasEmptyResponse()).isTrue();
    assertThat(position(phone)).as("phone was not pushed its own ack to 3").isEqualTo(4);

    assertThat(cluster.messages.ackedSeq(ann.id())).isEqualTo(4);
    assertThat(device(node, ann, "ann-web", Platform.WEB).login().getAckedSeq()).isEqualTo(4);
  }

  @Test
  void anAckThatDoesNotRaiseThePositionPushesNothing() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient desk = login(node, ann, "ann-desk", Platform.DESKTOP);
    TestChatClient phone = login(node, ann, "ann-phone", Platform.MOBILE);
    TestChatClient b = cluster.login(node, bob);
    for (int i = 1; i <= 3; i++) {
      send(b, ann, "m" + i);
    }
    assertThat(desk.request(Requests.ack(3)).hasEmptyResponse()).isTrue();
    assertThat(position(phone)).isEqualTo(3);

    assertThat(desk.request(Requests.ack(1)).hasEmptyResponse()).isTrue(); // below
    assertThat(desk.request(Requests.ack(3)).hasEmptyResponse()).isTrue(); // at
    assertThat(desk.request(Requests.ack(99)).hasEmptyResponse()).isTrue(); // past the last seq, which is 3
    assertThat(cluster.messages.ackedSeq(ann.id())).isEqualTo(3);

    send(b, ann, "m4");
    assertThat(desk.request(Requests.ack(4)).hasEmptyResponse()).isTrue();
    assertThat(position(phone)).as("the next push after 3 is the raise to 4").isEqualTo(4);
  }

  @Test
  void theReadPositionReachesADeviceOnAnotherNode() {
    ChatNode n1 = cluster.startNode("n1", RECEIPTS);
    ChatNode n2 = cluster.startNode("n2", RECEIPTS);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient desk = login(n1, ann, "ann-desk", Platform.DESKTOP);
    TestChatClient phone = login(n2, ann, "ann-phone", Platform.MOBILE);
    TestChatClient b = cluster.login(n2, bob);
    long m1 = send(b, ann, "m1");

    assertThat(desk.request(Requests.ack(1)).hasEmptyResponse()).isTrue();

    assertThat(position(phone)).isEqualTo(1);
    assertThat(receipt(b)).isEqualTo(receiptOf(ann, m1));
  }

  @Test
  void withReadReceiptsEveryPeerWhoseMessagesWereReadHearsUpToItsHighestMessage() {
    ChatNode node = cluster.startNode("n1", RECEIPTS);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    TestUser carol = cluster.newUser("carol");
    cluster.befriend(ann, bob);
    cluster.befriend(ann, carol);
    TestChatClient desk = login(node, ann, "ann-desk", Platform.DESKTOP);
    TestChatClient phone = login(node, ann, "ann-phone", Platform.MOBILE);
    assertThat(device(node, bob, "bob-probe", Platform.WEB).login().getReadReceiptsEnabled()).isTrue();
    TestChatClient bobDesk = login(node, bob, "bob-desk", Platform.DESKTOP);
    TestChatClient bobPhone = login(node, bob, "bob-phone", Platform.MOBILE);
    TestChatClient c = cluster.login(node, carol);

    long m1 = send(bobDesk, ann, "m1");  // ann's seq 1
    long m2 = send(bobPhone, ann, "m2"); // seq 2
    send(desk, bob, "ann's own, not a receipt of bob's"); // seq 3: sent by the reader
    long c1 = send(c, ann, "c1");        // seq 4
    assertThat(m1).isLessThan(m2);

    assertThat(desk.request(Requests.ack(4)).hasEmptyResponse()).isTrue();

    assertThat(receipt(bobDesk)).isEqualTo(receiptOf(ann, m2));
    assertThat(receipt(bobPhone)).isEqualTo(receiptOf(ann, m2));
    assertThat(receipt(c)).isEqualTo(receiptOf(ann, c1));
    assertThat(position(phone)).isEqualTo(4);

    // the next range (4, 5] holds only bob's m3: carol hears nothing more, nor does ann
    long m3 = send(bobDesk, ann, "m3");
    assertThat(phone.request(Requests.ack(5)).hasEmptyResponse()).isTrue();
    assertThat(receipt(bobDesk)).isEqualTo(receiptOf(ann, m3));
    assertThat(receipt(bobPhone)).isEqualTo(receiptOf(ann, m3));
    assertThat(position(desk)).isEqualTo(5);
    noReceiptFor(c);
    noReceiptFor(desk);
    noReceiptFor(phone);
  }

  @Test
  void aReaderWhoTurnedReadReceiptsOffSendsNone() {
    ChatNode node = cluster.startNode("n1", RECEIPTS);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = login(node, ann, "ann-desk", Platform.DESKTOP);
    TestChatClient b = cluster.login(node, bob);
    assertThat(a.request(updateSettings(false)).getSettingsResponse().getSettings().getSendReadReceipts()).isFalse();

    long m1 = send(b, ann, "m1");
    assertThat(a.request(Requests.ack(1)).hasEmptyResponse()).isTrue();
    noReceiptFor(b);

    assertThat(a.request(updateSettings(true)).getSettingsResponse().getSettings().getSendReadReceipts()).isTrue();
    long m2 = send(b, ann, "m2");
    assertThat(a.request(Requests.ack(2)).hasEmptyResponse()).isTrue();
    assertThat(receipt(b)).as("the first receipt, not one up to %d", m1).isEqualTo(receiptOf(ann, m2));
  }

  @Test
  void readReceiptsAreOffByDefaultForTheDeployment() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    Device desk = device(node, ann, "ann-desk", Platform.DESKTOP);
    assertThat(desk.login().getReadReceiptsEnabled()).isFalse();
    assertThat(desk.login().getSettings().getSendReadReceipts()).isTrue(); // the user's, unused here
    TestChatClient a = desk.client();
    TestChatClient phone = login(node, ann, "ann-phone", Platform.MOBILE);
    TestChatClient b = cluster.login(node, bob);

    send(b, ann, "m1");
    assertThat(a.request(Requests.ack(1)).hasEmptyResponse()).isTrue();

    assertThat(position(phone)).isEqualTo(1);
    noReceiptFor(b);
  }

  @Test
  void settingsRoundTripAndArriveInTheLoginResponse() {
    ChatNode node = cluster.startNode("n1", RECEIPTS);
    TestUser ann = cluster.newUser("ann");
    TestChatClient a = login(node, ann, "ann-desk", Platform.DESKTOP);
    assertThat(a.request(getSettings()).getSettingsResponse().getSettings().getSendReadReceipts()).isTrue();

    assertThat(a.request(updateSettings(false)).getSettingsResponse().getSettings().getSendReadReceipts()).isFalse();
    assertThat(a.request(getSettings()).getSettingsResponse().getSettings().getSendReadReceipts()).isFalse();
    Frame untouched = a.request(Frame.newBuilder().setUpdateSettings(ChatProtocol.UpdateSettingsRequest.getDefaultInstance()));
    assertThat(untouched.getSettingsResponse().getSettings().getSendReadReceipts()).isFalse();
    assertThat(cluster.users.settings(ann.id()).orElseThrow().sendReadReceipts()).isFalse();

    ChatProtocol.LoginResponse again = device(node, ann, "ann-phone", Platform.MOBILE).login();
    assertThat(again.getSettings().getSendReadReceipts()).isFalse();
    assertThat(again.getReadReceiptsEnabled()).isTrue();

    assertThat(a.request(updateSettings(true)).getSettingsResponse().getSettings().getSendReadReceipts()).isTrue();
    assertThat(device(node, ann, "ann-web", Platform.WEB).login().getSettings().getSendReadReceipts()).isTrue();
  }

  @Test
  void settingsNeedALogin() {
    ChatNode node = cluster.startNode("n1", ChatLimits.defaults());
    Frame refused = cluster.connect(node).request(getSettings());
    assertThat(refused.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.NOT_LOGGED_IN);
  }

  // ---- helpers ----

  /** A logged-in connection of one device and its LoginResponse. */
  private record Device(TestChatClient client, ChatProtocol.LoginResponse login) {}

  /** Connects and logs in as {@code user} on device {@code deviceId} of {@code platform}. */
  private Device device(ChatNode node, TestUser user, String deviceId, Platform platform) {
    TestChatClient c = cluster.connect(node);
    Frame answer = c.request(Frame.newBuilder().setLogin(ChatProtocol.LoginRequest.newBuilder()
        .setToken(user.token()).setDeviceId(deviceId).setPlatform(platform)));
    assertThat(answer.hasLoginResponse()).as("login answer %s", answer).isTrue();
    assertThat(answer.getLoginResponse().getDeviceId()).isEqualTo(deviceId);
    return new Device(c, answer.getLoginResponse());
  }

  private TestChatClient login(ChatNode node, TestUser user, String deviceId, Platform platform) {
    return device(node, user, deviceId, platform).client();
  }

  /** Sends {@code text} to {@code to}; returns the stored message's id. */
  private static long send(TestChatClient from, TestUser to, String text) {
    Frame answer = from.request(Requests.send(to.id(), "c-" + UUID.randomUUID(), text));
    assertThat(answer.hasSendAck()).as("send answer %s", answer).isTrue();
    return answer.getSendAck().getMessageId();
  }

  /** The acked seq of the next ReadPositionEvent {@code c} gets. */
  private static long position(TestChatClient c) {
    Frame push = c.awaitPush(READ_POSITION_EVENT, WAIT);
    assertThat(push).as("a ReadPositionEvent").isNotNull();
    return push.getReadPositionEvent().getAckedSeq();
  }

  /** The next ReadReceiptEvent {@code c} gets. */
  private static ChatProtocol.ReadReceiptEvent receipt(TestChatClient c) {
    Frame push = c.awaitPush(READ_RECEIPT_EVENT, WAIT);
    assertThat(push).as("a ReadReceiptEvent").isNotNull();
    return push.getReadReceiptEvent();
  }

  private static ChatProtocol.ReadReceiptEvent receiptOf(TestUser reader, long upToMessageId) {
    return ChatProtocol.ReadReceiptEvent.newBuilder().setPeerId(reader.id()).setUpToMessageId(upToMessageId).build();
  }

  /** Receipts run on the work pool in no order with the rest: none may come for a while. */
  private static void noReceiptFor(TestChatClient c) {
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
        .until(() -> c.pushes().stream().noneMatch(f -> f.getBodyCase() == READ_RECEIPT_EVENT));
  }

  private static Frame.Builder getSettings() {
    return Frame.newBuilder().setGetSettings(ChatProtocol.GetSettingsRequest.getDefaultInstance());
  }

  private static Frame.Builder updateSettings(boolean sendReadReceipts) {
    return Frame.newBuilder().setUpdateSettings(
        ChatProtocol.UpdateSettingsRequest.newBuilder().setSendReadReceipts(sendReadReceipts));
  }
}
