package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.PRESENCE_EVENT;
import static dev.parley.server.DeviceLogins.attempt;
import static dev.parley.server.DeviceLogins.code;
import static dev.parley.server.DeviceLogins.kicked;
import static dev.parley.server.DeviceLogins.login;
import static dev.parley.server.DeviceLogins.loginDevice;
import static dev.parley.server.DeviceLogins.pending;
import static dev.parley.server.DeviceLogins.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment's login policy on one node, end to end over real sockets: which session a new
 * login kicks, with which {@code Kicked.code}, which sessions stay connected and keep getting
 * pushes, device-bound tokens, and friends' presence events only when the user's overall online
 * state changes.
 */
class LoginPolicyTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private final AtomicInteger fences = new AtomicInteger();
  private TestUser ann;
  private TestUser bob;
  private TestChatClient bobs;
  private ChatNode node;

  @BeforeEach
  void users() {
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private ChatNode start(LoginPolicy policy) {
    node = cluster.startNode("n1", ChatLimits.defaults().withLoginPolicy(policy));
    bobs = loginDevice(cluster, node, bob, "bob-desktop", Platform.DESKTOP);
    return node;
  }

  @Test
  void singleTheNewestLoginWinsAndTheOlderIsKickedTooManyDevices() {
    start(LoginPolicy.single());
    // a token for no device: the login names the device and platform
    TestChatClient desktop = login(cluster, node, ann.token(), "ann-desktop", Platform.DESKTOP);
    TestChatClient phone = login(cluster, node, ann.token(), "ann-phone", Platform.MOBILE);

    assertThat(kicked(desktop, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.TOO_MANY_DEVICES);
    assertStillServed(phone);
    assertThat(cluster.presence.sessions(ann.id())).extracting(PresenceBinding::deviceId).containsExactly("ann-phone");
  }

  @Test
  void onePerPlatformLetsDesktopMobileAndWebCoexistAndASecondDesktopKicksTheFirst() {
    start(LoginPolicy.onePerPlatform());
    TestChatClient desktop = loginDevice(cluster, node, ann, "ann-desktop", Platform.DESKTOP);
    TestChatClient phone = loginDevice(cluster, node, ann, "ann-phone", Platform.MOBILE);
    TestChatClient web = loginDevice(cluster, node, ann, "ann-web", Platform.WEB);

    assertStillServed(desktop, phone, web);
    assertThat(cluster.presence.sessions(ann.id())).hasSize(3);

    TestChatClient laptop = loginDevice(cluster, node, ann, "ann-laptop", Platform.DESKTOP);

    assertThat(kicked(desktop, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.PLATFORM_CONFLICT);
    assertStillServed(phone, web, laptop);
    assertThat(cluster.presence.sessions(ann.id())).extracting(PresenceBinding::deviceId)
        .containsExactlyInAnyOrder("ann-phone", "ann-web", "ann-laptop");
  }

  @Test
  void onePerPlatformCountsALoginWithoutPlatformAsOther() {
    start(LoginPolicy.onePerPlatform());
    TestChatClient first = login(cluster, node, ann.token(), "ann-cli", null);
    TestChatClient second = login(cluster, node, ann.token(), "ann-bot", Platform.OTHER);

    assertThat(kicked(first, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.PLATFORM_CONFLICT);
    assertStillServed(second);
  }

  @Test
  void multiThreeAFourthDeviceKicksTheOldestTooManyDevices() {
    start(LoginPolicy.multi(3));
    // all on one platform: MULTI does not care
    TestChatClient first = loginDevice(cluster, node, ann, "ann-1", Platform.DESKTOP);
    TestChatClient second = loginDevice(cluster, node, ann, "ann-2", Platform.DESKTOP);
    TestChatClient third = loginDevice(cluster, node, ann, "ann-3", Platform.DESKTOP);
    assertStillServed(first, second, third);

    TestChatClient fourth = loginDevice(cluster, node, ann, "ann-4", Platform.MOBILE);

    assertThat(kicked(first, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.TOO_MANY_DEVICES);
    assertStillServed(second, third, fourth);
    assertThat(cluster.presence.sessions(ann.id())).extracting(PresenceBinding::deviceId)
        .containsExactlyInAnyOrder("ann-2", "ann-3", "ann-4");

    TestChatClient fifth = loginDevice(cluster, node, ann, "ann-5", Platform.WEB);

    assertThat(kicked(second, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.TOO_MANY_DEVICES);
    assertStillServed(third, fourth, fifth);
  }

  static Stream<LoginPolicy> policies() {
    return Stream.of(LoginPolicy.single(), LoginPolicy.onePerPlatform(), LoginPolicy.multi(3));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void aReLoginFromTheSameDeviceReplacesThatDevicesSession(LoginPolicy policy) {
    start(policy);
    String phoneToken = token(cluster, ann, "ann-phone", Platform.MOBILE);
    TestChatClient old = login(cluster, node, phoneToken, "ann-phone", Platform.MOBILE);

    TestChatClient again = login(cluster, node, phoneToken, "ann-phone", Platform.MOBILE);

    assertThat(kicked(old, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.REPLACED_BY_SAME_DEVICE);
    assertStillServed(again);
    assertThat(cluster.presence.sessions(ann.id())).extracting(PresenceBinding::deviceId).containsExactly("ann-phone");
  }

  @Test
  void aReLoginFromTheSameDeviceLeavesTheOtherDevicesAlone() {
    start(LoginPolicy.multi(3));
    TestChatClient desktop = loginDevice(cluster, node, ann, "ann-desktop", Platform.DESKTOP);
    TestChatClient old = login(cluster, node, ann.token(), "ann-phone", Platform.MOBILE);
    TestChatClient web = loginDevice(cluster, node, ann, "ann-web", Platform.WEB);

    // at the limit, but the same device: it replaces itself, it does not push out the oldest
    TestChatClient again = login(cluster, node, ann.token(), "ann-phone", Platform.MOBILE);

    assertThat(kicked(old, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.REPLACED_BY_SAME_DEVICE);
    assertStillServed(desktop, web, again);
    assertThat(cluster.presence.sessions(ann.id())).hasSize(3);
  }

  @Test
  void aTokenIssuedForOneDeviceDoesNotLogInAnother() {
    start(LoginPolicy.onePerPlatform());
    String laptopToken = token(cluster, ann, "ann-laptop", Platform.DESKTOP);

    DeviceLogins.Attempt other = attempt(cluster, node, laptopToken, "ann-phone", Platform.MOBILE);

    assertThat(code(other.answer())).isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    assertThat(cluster.presence.sessions(ann.id())).isEmpty();
    // the token still logs in its own device, named or not
    TestChatClient laptop = login(cluster, node, laptopToken, "ann-laptop", Platform.DESKTOP);
    DeviceLogins.Attempt unnamed = attempt(cluster, node, laptopToken, "", null);
    assertThat(unnamed.answer().getLoginResponse().getDeviceId()).isEqualTo("ann-laptop");
    assertThat(kicked(laptop, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.REPLACED_BY_SAME_DEVICE);
    assertStillServed(unnamed.client());
  }

  @Test
  void friendsHearPresenceOnlyWhenTheUsersOverallOnlineStateChanges() {
    start(LoginPolicy.onePerPlatform());

    TestChatClient desktop = loginDevice(cluster, node, ann, "ann-desktop", Platform.DESKTOP);
    Frame online = bobs.awaitPush(PRESENCE_EVENT, WAIT);
    assertThat(online).as("presence event when ann's first device logs in").isNotNull();
    assertThat(online.getPresenceEvent().getUserId()).isEqualTo(ann.id());
    assertThat(online.getPresenceEvent().getOnline()).isTrue();

    TestChatClient phone = loginDevice(cluster, node, ann, "ann-phone", Platform.MOBILE);
    fenceTo(bobs, desktop); // anything the second login pushed to bob came before this
    assertNoPresenceEvent("ann's second device logged in");

    desktop.close();
    await().atMost(WAIT).until(() -> cluster.presence.sessions(ann.id()).size() == 1);
    fenceTo(bobs, phone);
    assertNoPresenceEvent("one of ann's two devices went away");

    assertThat(phone.request(Frame.newBuilder().setLogout(ChatProtocol.LogoutRequest.getDefaultInstance()))
        .hasEmptyResponse()).isTrue();
    Frame offline = bobs.awaitPush(PRESENCE_EVENT, WAIT);
    assertThat(offline).as("presence event when ann's last device logs out").isNotNull();
    assertThat(offline.getPresenceEvent().getUserId()).isEqualTo(ann.id());
    assertThat(offline.getPresenceEvent().getOnline()).isFalse();
    assertNoPresenceEvent("after the one offline event");

    loginDevice(cluster, node, ann, "ann-web", Platform.WEB);
    Frame back = bobs.awaitPush(PRESENCE_EVENT, WAIT);
    assertThat(back).as("presence event when ann comes back").isNotNull();
    assertThat(back.getPresenceEvent().getOnline()).isTrue();
  }

  private static boolean isMessage(Frame f, long messageId) {
    return f.hasMessageEvent() && f.getMessageEvent().getEntry().getMessage().getMessageId() == messageId;
  }

  /** Sends a message from {@code from} (one of ann's sessions) and waits until {@code to} has it. */
  private void fenceTo(TestChatClient to, TestChatClient from) {
    String text = "fence " + fences.incrementAndGet();
    assertThat(from.request(Requests.send(bob.id(), "f" + fences.get(), text)).hasSendAck()).isTrue();
    assertThat(to.awaitPush(f -> f.hasMessageEvent() && f.getMessageEvent().getEntry().getMessage().getText().equals(text),
        WAIT)).as("fence '%s' pushed", text).isNotNull();
  }

  /** Bob gets no PresenceEvent for a while (the fence already ordered what the server had sent). */
  private void assertNoPresenceEvent(String when) {
    await().during(Duration.ofMillis(300)).atMost(WAIT)
        .untilAsserted(() -> assertThat(pending(bobs, PRESENCE_EVENT)).as(when).isEmpty());
  }

  /**
   * Each of {@code sessions} is still connected, answers a ping, got no Kicked, and receives the
   * next message bob sends to ann exactly once.
   */
  private void assertStillServed(TestChatClient... sessions) {
    String text = "to every device " + fences.incrementAndGet();
    long id = bobs.request(Requests.send(ann.id(), "s" + fences.get(), text)).getSendAck().getMessageId();
    for (TestChatClient s : sessions) {
      assertThat(s.request(Requests.ping()).hasPong()).as("session answers").isTrue();
      assertThat(s.awaitPush(f -> isMessage(f, id), WAIT)).as("message %d pushed", id).isNotNull();
    }
    long fence = bobs.request(Requests.send(ann.id(), "s" + fences.incrementAndGet(), "fence")).getSendAck().getMessageId();
    for (TestChatClient s : sessions) {
      // any second copy of message id was pushed before the fence
      assertThat(s.awaitPush(f -> isMessage(f, fence), WAIT)).as("fence %d pushed", fence).isNotNull();
      assertThat(s.pushes()).as("one copy of message %d", id).noneMatch(f -> isMessage(f, id));
      assertThat(pending(s, KICKED)).as("no Kicked on a session that should stay").isEmpty();
      assertThat(s.isClosed()).isFalse();
    }
  }
}
