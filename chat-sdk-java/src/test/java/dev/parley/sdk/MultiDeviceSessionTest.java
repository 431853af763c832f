package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.sdk.testing.RecordingListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's multi-device behaviour against a {@link ScriptedNode} on loopback (and a scripted
 * gate for reconnect routes): what the login names, messages sent from the user's other devices,
 * the read position, read receipts, kick reasons, and the devices and settings calls. The
 * end-to-end version against the real server is {@code e2e.MultiDeviceJourneyTest}.
 */
class MultiDeviceSessionTest {
  private static final long SELF = 1;
  private static final long FRIEND = 2;

  private final ScriptedNode node = new ScriptedNode(SELF);
  private final RecordingListener events = new RecordingListener();
  private HttpServer gate;
  private ParleyClient client;

  @BeforeEach
  void start() throws IOException {
    gate = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gate.createContext("/api/v1/routes", exchange -> {
      byte[] body = ("{\"chat\":{\"host\":\"127.0.0.1\",\"port\":" + node.port() + "}}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    gate.start();
    client = ParleyClient.builder().gateUrl(URI.create("http://127.0.0.1:" + gate.getAddress().getPort()))
        .deviceId("laptop:1").platform(Platform.MOBILE).deviceName("Ann's phone")
        .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(100), 0))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    node.close();
    gate.stop(0);
  }

  private ChatSession open() throws Exception {
    ChatSession session = client.openSession(node.login(), events);
    session.caughtUp().get(5, TimeUnit.SECONDS);
    return session;
  }

  @Test
  void theLoginNamesTheDeviceAndPlatformAndTheSessionTellsWhatTheNodeAnswered() throws Exception {
    node.loginResponse = node.loginResponse.toBuilder().setDeviceId("laptop:1").setAckedSeq(0)
        .setReadReceiptsEnabled(true).build();
    ChatSession session = open();

    Frame login = node.received(BodyCase.LOGIN).get(0);
    assertThat(login.getLogin().getDeviceId()).isEqualTo("laptop:1");
    assertThat(login.getLogin().getPlatform()).isEqualTo(ChatProtocol.Platform.MOBILE);
    assertThat(session.deviceId()).isEqualTo("laptop:1");
    assertThat(session.readReceiptsEnabled()).isTrue();
    assertThat(client.deviceId()).isEqualTo("laptop:1");
    assertThat(client.platform()).isEqualTo(Platform.MOBILE);
  }

  @Test
  void messagesFromOtherDevicesAndOwnSendsReachStoreAndListenerOnceInMailboxOrderAcrossAReconnect() throws Exception {
    node.mailbox.put(1L, ScriptedNode.entry(1, FRIEND, SELF, "f1", "hello"));
    node.answers.put(BodyCase.SEND_MESSAGE, request -> {
      // the node stores it at seq 3 and, as a real node, pushes it to the user's other sessions only
      node.mailbox.put(3L, ScriptedNode.entry(3, SELF, FRIEND, request.getSendMessage().getClientMsgId(), "mine"));
      return Frame.newBuilder().setSendAck(ChatProtocol.SendAck.newBuilder().setMessageId(103).setSeq(3)
          .setClientMsgId(request.getSendMessage().getClientMsgId()).setSentAtMs(3_000));
    });
    ChatSession session = open();

    pushStored(ScriptedNode.entry(2, SELF, FRIEND, "other-device", "sent on my phone"));
    await().atMost(RecordingListener.WAIT).until(() -> events.messages.size() == 2);
    SendResult sent = session.sendMessage(FRIEND, "mine");
    assertThat(sent.seq()).isEqualTo(3);
    pushStored(node.mailbox.get(3L)); // a push of an entry this device already has changes nothing
    pushStored(ScriptedNode.entry(4, SELF, FRIEND, "other-device-2", "and again"));
    await().atMost(RecordingListener.WAIT).until(() -> events.messages.size() >= 4);

    // the connection drops; meanwhile the other device sends more, which the reconnect's sync brings
    node.mailbox.put(5L, ScriptedNode.entry(5, SELF, FRIEND, "other-device-3", "while you were away"));
    node.mailbox.put(6L, ScriptedNode.entry(6, FRIEND, SELF, "f6", "reply"));
    node.dropConnection();
    await().atMost(RecordingListener.WAIT).until(() -> events.messages.size() >= 6);

    assertThat(events.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(events.messages).extracting(ChatMessage::outgoing).containsExactly(false, true, true, true, true, false);
    assertThat(events.timesDelivered(103)).isEqualTo(1);
    assertThat(session.localStore().messagesAfter(0, 100)).extracting(ChatMessage::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(session.localStore().highestContiguousSeq()).isEqualTo(6);
    assertThat(node.received(BodyCase.LOGIN)).hasSize(2).allSatisfy(f ->
        assertThat(f.getLogin().getDeviceId()).isEqualTo("laptop:1"));
    assertThat(node.received(BodyCase.SYNC).get(node.received(BodyCase.SYNC).size() - 1).getSync().getAfterSeq())
        .as("the reconnect syncs from the highest contiguous seq").isEqualTo(4);
  }

  @Test
  void theReadPositionRisesWithOwnAcksAndWithOtherDevicesButNeverFalls() throws Exception {
    node.loginResponse = node.loginResponse.toBuilder().setAckedSeq(1).build();
    node.mailbox.put(1L, ScriptedNode.entry(1, FRIEND, SELF, "f1", "one"));
    node.mailbox.put(2L, ScriptedNode.entry(2, FRIEND, SELF, "f2", "two"));
    ChatSession session = open();
    assertThat(session.readPosition()).isGreaterThanOrEqualTo(1);

    await().atMost(RecordingListener.WAIT).until(() -> session.readPosition() == 2);
    assertThat(events.readPositions).as("seq 1 was read on another device before this one had it; this device's"
        + " own ack of seq 2 is not another device's reading").containsExactly(1L);
    assertThat(events.messages.get(0).seq()).isEqualTo(1);

    node.push(Frame.newBuilder().setReadPositionEvent(ChatProtocol.ReadPositionEvent.newBuilder().setAckedSeq(5)));
    await().atMost(RecordingListener.WAIT).until(() -> events.readPositions.contains(5L));
    node.push(Frame.newBuilder().setReadPositionEvent(ChatProtocol.ReadPositionEvent.newBuilder().setAckedSeq(3)));
    pushStored(ScriptedNode.entry(3, FRIEND, SELF, "f3", "three"));
    events.awaitMessages(3);

    // seq 3 is below the position the node already holds: it is not acknowledged again
    await().during(Duration.ofMillis(300)).atMost(RecordingListener.WAIT).until(() ->
        node.received(BodyCase.ACK).stream().map(f -> f.getAck().getUpToSeq()).toList().equals(List.of(2L)));
    assertThat(session.readPosition()).isEqualTo(5);
    assertThat(events.readPositions).containsExactly(1L, 5L);
  }

  @Test
  void aReconnectThatFindsAHigherReadPositionTellsTheListener() throws Exception {
    node.mailbox.put(1L, ScriptedNode.entry(1, FRIEND, SELF, "f1", "one"));
    ChatSession session = open();
    await().atMost(RecordingListener.WAIT).until(() -> session.readPosition() == 1);

    node.mailbox.put(2L, ScriptedNode.entry(2, FRIEND, SELF, "f2", "two"));
    node.loginResponse = node.loginResponse.toBuilder().setAckedSeq(2).build(); // read on the phone meanwhile
    node.dropConnection();

    await().atMost(RecordingListener.WAIT).until(() -> events.readPositions.contains(2L));
    assertThat(session.readPosition()).isEqualTo(2);
  }

  @Test
  void readReceiptsReachTheListener() throws Exception {
    open();
    node.push(Frame.newBuilder().setReadReceiptEvent(ChatProtocol.ReadReceiptEvent.newBuilder()
        .setPeerId(FRIEND).setUpToMessageId(107)));
    await().atMost(RecordingListener.WAIT).until(() -> events.readReceipts.contains(FRIEND + " 107"));
  }

  @Test
  void aKickSaysWhyAndTheSessionStaysDown() throws Exception {
    ChatSession session = open();
    node.push(Frame.newBuilder().setKicked(ChatProtocol.Kicked.newBuilder().setReason("logged in on another phone")
        .setCode(ChatProtocol.KickReason.PLATFORM_CONFLICT)));

    events.awaitState(ConnectionState.DISCONNECTED);
    assertThat(events.kickReasons).containsExactly("PLATFORM_CONFLICT");
    assertThat(events.kicks).containsExactly("logged in on another phone");
    assertThat(events.endCause()).isInstanceOf(ChatException.class).hasMessageContaining("PLATFORM_CONFLICT");
    assertThat(session.state()).isEqualTo(ConnectionState.DISCONNECTED);
  }

  @Test
  void aListenerWithOnlyTheOldKickCallbackStillHearsKicksAndAnOldNodeNamesNoReason() throws Exception {
    List<String> oldStyle = new CopyOnWriteArrayList<>();
    List<String> reasons = new CopyOnWriteArrayList<>();
    client.openSession(node.login(), new ChatListener() {
      @Override
      public void onKicked(String reason) {
        oldStyle.add(reason);
      }
    });
    node.push(Frame.newBuilder().setKicked(ChatProtocol.Kicked.newBuilder().setReason("replaced")));
    await().atMost(RecordingListener.WAIT).until(() -> oldStyle.contains("replaced"));

    try (ScriptedNode old = new ScriptedNode(SELF)) {
      client.openSession(old.login(), new ChatListener() {
        @Override
        public void onKicked(KickReason reason, String text) {
          reasons.add(String.valueOf(reason));
        }
      });
      old.push(Frame.newBuilder().setKicked(ChatProtocol.Kicked.newBuilder().setReason("replaced")));
      await().atMost(RecordingListener.WAIT).until(() -> !reasons.isEmpty());
    }
    assertThat(reasons).as("a node before kick reasons names none").containsExactly("null");
  }

  @Test
  void devicesAndSettingsCallsMapTheNodesAnswers() throws Exception {
    node.answers.put(BodyCase.LIST_DEVICES, r -> Frame.newBuilder().setListDevicesResponse(
        ChatProtocol.ListDevicesResponse.newBuilder()
            .addDevices(ChatProtocol.Device.newBuilder().setDeviceId("laptop:1").setPlatform(ChatProtocol.Platform.MOBILE)
                .setName("Ann's phone").setLastSeenMs(5_000).setOnline(true).setCurrent(true))
            .addDevices(ChatProtocol.Device.newBuilder().setDeviceId("old").setLastSeenMs(1_000))));
    node.answers.put(BodyCase.REVOKE_DEVICE, r -> r.getRevokeDevice().getDeviceId().equals("old")
        ? Frame.newBuilder().setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance())
        : Frame.newBuilder().setError(ChatProtocol.Error.newBuilder().setCode(ChatProtocol.ErrorCode.NOT_FOUND)
            .setMessage("no such device")));
    node.answers.put(BodyCase.GET_SETTINGS, r -> Frame.newBuilder().setSettingsResponse(ChatProtocol.SettingsResponse
        .newBuilder().setSettings(ChatProtocol.Settings.newBuilder().setSendReadReceipts(true))));
    node.answers.put(BodyCase.UPDATE_SETTINGS, r -> Frame.newBuilder().setSettingsResponse(ChatProtocol.SettingsResponse
        .newBuilder().setSettings(ChatProtocol.Settings.newBuilder()
            .setSendReadReceipts(r.getUpdateSettings().getSendReadReceipts()))));
    ChatSession session = open();

    assertThat(session.listDevices()).containsExactly(
        new Device("laptop:1", Platform.MOBILE, "Ann's phone", Instant.ofEpochMilli(5_000), true, true),
        new Device("old", Platform.OTHER, "", Instant.ofEpochMilli(1_000), false, false));
    session.revokeDevice("old");
    assertThat(node.received(BodyCase.REVOKE_DEVICE).get(0).getRevokeDevice().getDeviceId()).isEqualTo("old");
    ChatException unknown = catchThrowableOfType(ChatException.class, () -> session.revokeDevice("gone"));
    assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
    ChatException invalid = catchThrowableOfType(ChatException.class, () -> session.revokeDevice("no spaces"));
    assertThat(invalid.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(session.settings()).isEqualTo(new Settings(true));
    assertThat(session.updateSettings(false)).isEqualTo(new Settings(false));
    assertThat(node.received(BodyCase.UPDATE_SETTINGS).get(0).getUpdateSettings().hasSendReadReceipts()).isTrue();
  }

  /** Pushes a stored entry as the node pushes it to the user's other sessions. */
  private void pushStored(ChatProtocol.MailboxEntry entry) {
    node.mailbox.put(entry.getSeq(), entry);
    node.push(Frame.newBuilder().setMessageEvent(ChatProtocol.MessageEvent.newBuilder().setEntry(entry)));
  }
}
