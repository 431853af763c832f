package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.Platform;
import dev.parley.core.spi.TokenStore;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Device;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One user on two devices (a desktop and a phone, allowed together by the default
 * ONE_PER_PLATFORM policy) and a friend, over real sockets against the all-in-one server: both
 * devices see the same mailbox in the same order without duplicates (incoming messages and those
 * sent from the other device), reading on one raises the other's read position, the device list
 * shows both, and all of it holds through a restart of the server on its ports with the same
 * (in-memory) storage; finally the desktop revokes the phone, which is kicked with REVOKED and whose
 * token no longer logs in.
 */
class MultiDeviceJourneyTest {
  private static final String PASSWORD = "correct horse 42";

  private final Clock clock = Clock.systemUTC();
  private final InMemoryUserStore users = new InMemoryUserStore(clock);
  private final InMemoryFriendStore friends = new InMemoryFriendStore();
  private final InMemoryMessageStore messages = new InMemoryMessageStore();
  private final InMemoryTokenStore tokens = new InMemoryTokenStore(TokenStore.DEFAULT_TTL, clock);
  private final String prefix = "md" + UUID.randomUUID().toString().substring(0, 6);
  private ParleyServer server;
  private ParleyClient desktop;
  private ParleyClient mobile;
  private ParleyClient friendClient;

  @BeforeEach
  void start() {
    server = startServer(0, 0);
    desktop = client(ParleyClient.builder().deviceId("desk-" + prefix).deviceName("Ann's desk"));
    mobile = client(ParleyClient.builder().deviceId("phone-" + prefix).platform(Platform.MOBILE));
    friendClient = client(ParleyClient.builder());
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {desktop, mobile, friendClient}) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    server.stop();
  }

  /** The server on these ports (0: any) with the test's storage, so a restart keeps users, mailboxes and tokens. */
  private ParleyServer startServer(int gatePort, int chatPort) {
    return ParleyServer.builder().host("127.0.0.1").gatePort(gatePort).chatPort(chatPort)
        .userStore(users).friendStore(friends).messageStore(messages).tokenStore(tokens)
        .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
  }

  private ParleyClient client(ParleyClient.Builder b) {
    return b.gateUrl(URI.create(server.gateUrl())).requestTimeout(Duration.ofSeconds(5))
        .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 0.2)).build();
  }

  /**
   * With {@code readOnDelivery(false)} on both devices, delivered messages stay unread until the
   * application marks them: the server's unread count drops only as far as the desktop marked, the
   * phone hears that position and shows the same count, and marking beyond what was delivered is
   * capped.
   */
  @Test
  void explicitReadsOnOneDeviceSetTheUnreadCountOnTheOther() throws Exception {
    ParleyClient desk2 = client(ParleyClient.builder().deviceId("desk2-" + prefix).readOnDelivery(false));
    ParleyClient phone2 = client(ParleyClient.builder().deviceId("phone2-" + prefix).platform(Platform.MOBILE)
        .readOnDelivery(false));
    try (desk2; phone2) {
      List<Long> ids = server.seedUsers(2, prefix, PASSWORD);
      server.seedFriendPairs(ids);
      long me = ids.get(0);
      String myEmail = prefix + "1@seed.invalid";
      RecordingListener onDesk = new RecordingListener();
      RecordingListener onPhone = new RecordingListener();
      ChatSession desk = desk2.connect(myEmail, PASSWORD, onDesk);
      ChatSession phone = phone2.connect(myEmail, PASSWORD, onPhone);
      ChatSession pal = friendClient.connect(prefix + "2@seed.invalid", PASSWORD, new RecordingListener());
      for (int i = 1; i <= 3; i++) {
        pal.sendMessage(me, "unread " + i);
      }
      await().atMost(RecordingListener.WAIT).until(() -> onDesk.messages.size() == 3 && onPhone.messages.size() == 3);
      assertThat(desk.conversations(10)).singleElement().satisfies(c -> assertThat(c.unreadCount()).isEqualTo(3));

      desk.markRead(onDesk.messages.get(1).seq()); // the user read two of the three
      await().atMost(RecordingListener.WAIT).until(() -> phone.readPosition() == onDesk.messages.get(1).seq());
      assertThat(onPhone.readPositions).contains(onDesk.messages.get(1).seq());
      assertThat(phone.conversations(10)).singleElement().satisfies(c -> assertThat(c.unreadCount()).isEqualTo(1));

      phone.markRead(Long.MAX_VALUE); // capped at what the phone was delivered
      await().atMost(RecordingListener.WAIT).until(() -> desk.readPosition() == onPhone.messages.get(2).seq());
      assertThat(desk.conversations(10)).singleElement().satisfies(c -> assertThat(c.unreadCount()).isZero());
    }
  }

  @Test
  void twoDevicesShareTheMailboxReadPositionAndDeviceListThroughARestartUntilOneIsRevoked() throws Exception {
    List<Long> ids = server.seedUsers(2, prefix, PASSWORD);
    server.seedFriendPairs(ids);
    long me = ids.get(0);
    long friend = ids.get(1);
    String myEmail = prefix + "1@seed.invalid";

    PausableListener onDesk = new PausableListener();
    PausableListener onPhone = new PausableListener();
    RecordingListener friendHears = new RecordingListener();
    ChatSession desk = desktop.connect(myEmail, PASSWORD, onDesk);
    LoginResult phoneLogin = mobile.login(myEmail, PASSWORD);
    assertThat(phoneLogin.deviceId()).isEqualTo(mobile.deviceId());
    ChatSession phone = mobile.openSession(phoneLogin, onPhone);
    ChatSession pal = friendClient.connect(prefix + "2@seed.invalid", PASSWORD, friendHears);
    desk.caughtUp().get(10, TimeUnit.SECONDS);
    phone.caughtUp().get(10, TimeUnit.SECONDS);
    assertThat(desk.deviceId()).isEqualTo("desk-" + prefix);
    assertThat(phone.deviceId()).isEqualTo("phone-" + prefix);
    assertThat(desk.state()).as("the phone's login did not replace the desktop").isEqualTo(ConnectionState.CONNECTED);

    // incoming messages and messages sent from either device, interleaved
    pal.sendMessage(me, "hi both");
    desk.sendMessage(friend, "from the desk");
    phone.sendMessage(friend, "from the phone");
    pal.sendMessage(me, "got both");
    awaitSameMailbox(desk, onDesk.events, phone, onPhone.events, 4);
    assertThat(onDesk.events.texts()).containsExactly("hi both", "from the desk", "from the phone", "got both");
    assertThat(onDesk.events.messages).extracting(ChatMessage::outgoing).containsExactly(false, true, true, false);
    await().atMost(RecordingListener.WAIT).until(() -> friendHears.incomingTexts().size() == 2);
    assertThat(friendHears.incomingTexts()).containsExactly("from the desk", "from the phone");

    // reading on the phone raises the desktop's read position while the desktop has not read
    onDesk.pause();
    pal.sendMessage(me, "read me on the phone");
    await().atMost(RecordingListener.WAIT).until(() -> onPhone.events.messages.size() == 5);
    await().atMost(RecordingListener.WAIT).until(() -> desk.readPosition() == 5);
    assertThat(onDesk.events.messages).as("the desktop's listener is still held").hasSize(4);
    onDesk.resume();
    await().atMost(RecordingListener.WAIT).until(() -> onDesk.events.readPositions.contains(5L));
    awaitSameMailbox(desk, onDesk.events, phone, onPhone.events, 5);
    await().atMost(RecordingListener.WAIT).until(() -> phone.readPosition() == 5);

    assertDevices(desk.listDevices(), desk, phone);
    assertDevices(phone.listDevices(), phone, desk);

    // the server restarts on its ports with the same storage; every session comes back by itself
    URI gate = URI.create(server.gateUrl());
    int chatPort = server.chatAddress().getPort();
    server.stop();
    onDesk.events.awaitState(ConnectionState.RECONNECTING);
    onPhone.events.awaitState(ConnectionState.RECONNECTING);
    server = startServer(gate.getPort(), chatPort);
    for (ChatSession s : List.of(desk, phone, pal)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> s.state() == ConnectionState.CONNECTED);
    }
    pal.sendMessage(me, "after the restart");
    phone.sendMessage(friend, "the phone after the restart");
    awaitSameMailbox(desk, onDesk.events, phone, onPhone.events, 7);
    assertThat(onDesk.events.storeResets).isEmpty();
    assertThat(onDesk.events.texts().subList(5, 7)).containsExactly("after the restart", "the phone after the restart");
    assertThat(desk.readPosition()).isGreaterThanOrEqualTo(5);
    await().atMost(RecordingListener.WAIT).until(() -> desk.listDevices().stream().filter(Device::online).count() == 2);
    assertDevices(desk.listDevices(), desk, phone);

    // the desktop revokes the phone: kicked with REVOKED, and its token no longer logs in
    desk.revokeDevice(phone.deviceId());
    onPhone.events.awaitState(ConnectionState.DISCONNECTED);
    assertThat(onPhone.events.kickReasons).containsExactly(KickReason.REVOKED.name());
    assertThat(onPhone.events.states).extracting(RecordingListener.StateChange::state)
        .as("a revoked device does not reconnect").endsWith(ConnectionState.DISCONNECTED);
    ChatException refused = catchThrowableOfType(ChatException.class,
        () -> mobile.openSession(phoneLogin.withChat(phoneLogin.chat()), new RecordingListener()));
    assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(desk.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(desk.listDevices()).extracting(Device::deviceId).doesNotContain(phone.deviceId());
    assertThat(onDesk.events.kicks).isEmpty();
  }

  /** Both devices have delivered and stored exactly seqs 1..count, the same messages, each once. */
  private static void awaitSameMailbox(ChatSession a, RecordingListener aHears, ChatSession b, RecordingListener bHears,
      int count) {
    await().atMost(RecordingListener.WAIT).until(() -> aHears.messages.size() >= count && bHears.messages.size() >= count);
    List<Long> seqs = java.util.stream.LongStream.rangeClosed(1, count).boxed().toList();
    assertThat(aHears.seqs()).isEqualTo(seqs);
    assertThat(bHears.seqs()).isEqualTo(seqs);
    assertThat(aHears.messages).extracting(ChatMessage::messageId)
        .containsExactlyElementsOf(bHears.messages.stream().map(ChatMessage::messageId).toList()).doesNotHaveDuplicates();
    assertThat(aHears.texts()).isEqualTo(bHears.texts());
    assertThat(a.localStore().messagesAfter(0, 100)).extracting(ChatMessage::messageId)
        .containsExactlyElementsOf(b.localStore().messagesAfter(0, 100).stream().map(ChatMessage::messageId).toList())
        .hasSize(count);
  }

  /** {@code seen} (as {@code asker} lists it) holds both devices online, the asker's marked current. */
  private static void assertDevices(List<Device> seen, ChatSession asker, ChatSession other) {
    assertThat(seen).extracting(Device::deviceId).contains(asker.deviceId(), other.deviceId());
    Device self = seen.stream().filter(d -> d.deviceId().equals(asker.deviceId())).findFirst().orElseThrow();
    Device peer = seen.stream().filter(d -> d.deviceId().equals(other.deviceId())).findFirst().orElseThrow();
    assertThat(self.current()).isTrue();
    assertThat(peer.current()).isFalse();
    assertThat(self.online()).isTrue();
    assertThat(peer.online()).isTrue();
    assertThat(List.of(self.platform(), peer.platform())).containsExactlyInAnyOrder(Platform.DESKTOP, Platform.MOBILE);
  }

  /** A {@link RecordingListener} whose message callbacks can be held, so that session neither stores nor acknowledges. */
  private static final class PausableListener implements ChatListener {
    final RecordingListener events = new RecordingListener();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    void pause() {
      hold = new CountDownLatch(1);
    }

    void resume() {
      hold.countDown();
    }

    @Override
    public void onMessage(ChatMessage message) {
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.onMessage(message);
    }

    @Override
    public void onLocalStoreReset(String reason) {
      events.onLocalStoreReset(reason);
    }

    @Override
    public void onReadPosition(long ackedSeq) {
      events.onReadPosition(ackedSeq);
    }

    @Override
    public void onKicked(KickReason reason, String text) {
      events.onKicked(reason, text);
    }

    @Override
    public void onStateChanged(ConnectionState state, Throwable cause) {
      events.onStateChanged(state, cause);
    }
  }
}
