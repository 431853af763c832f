package dev.parley.examples.cluster;

import static dev.parley.examples.cluster.SdkDriver.DELIVERY;
import static dev.parley.examples.cluster.SdkDriver.befriend;
import static dev.parley.examples.cluster.SdkDriver.friend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.service.AccountService;
import dev.parley.examples.cluster.SdkDriver.Sent;
import dev.parley.examples.cluster.SdkDriver.TestUser;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The cluster as separate processes (status, verify, gate, chat nodes from the example mains) on
 * MariaDB and a Redis of the test's own, driven through the SDK. The steps build on each other, in
 * order: cross-node chat, a kick across nodes, a chat node killed with SIGKILL, its users' presence
 * running out, Redis restarted empty, sessions whose tokens Redis lost, and finally a password reset
 * at the gate kicking the session on its node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterIT {
  private LocalCluster cluster;
  private SdkDriver sdk;
  private TestUser alice;
  private TestUser bob;
  private TestUser carol;
  private TestUser dave;
  private final RecordingListener aliceEvents = new RecordingListener();
  private final RecordingListener bobEvents = new RecordingListener();
  private final RecordingListener bobAgainEvents = new RecordingListener();
  private final RecordingListener carolEvents = new RecordingListener();
  private final RecordingListener daveEvents = new RecordingListener();
  private ChatSession aliceSession;
  private ChatSession bobSession;
  private ChatSession bobAgainSession;
  private ChatSession carolSession;

  @RegisterExtension
  final TestWatcher dumpLogsOnFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      cluster.dumpLogs();
    }
  };

  @BeforeAll
  @Timeout(value = 100, unit = TimeUnit.SECONDS)
  void startCluster() throws Exception {
    cluster = LocalCluster.start();
    sdk = new SdkDriver(cluster);
    alice = sdk.register("alice");
    bob = sdk.register("bob");
    carol = sdk.register("carol");
    dave = sdk.register("dave");
  }

  @AfterAll
  void stopCluster() {
    if (sdk != null) {
      sdk.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void usersOnDifferentNodesBefriendAndChat() {
    aliceSession = sdk.open(sdk.client, alice, "chat-1", aliceEvents);
    bobSession = sdk.open(sdk.client, bob, "chat-2", bobEvents);
    befriend(aliceSession, alice, aliceEvents, bobSession, bob, bobEvents);

    Sent hello = sdk.send(aliceSession, alice, bob, "hello from chat-1");
    Sent reply = sdk.send(bobSession, bob, alice, "hello back from chat-2");

    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(bobEvents.timesDelivered(hello.messageId())).isEqualTo(1);
      assertThat(aliceEvents.timesDelivered(reply.messageId())).isEqualTo(1);
    });
    assertThat(bobEvents.messages).filteredOn(m -> m.messageId() == hello.messageId())
        .singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("hello from chat-1"));
  }

  @Test
  @Order(2)
  void secondLoginOnTheOtherNodeKicksTheFirst() {
    bobAgainSession = sdk.open(sdk.client, bob, "chat-1", bobAgainEvents);

    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(bobEvents.kicks).hasSize(1);
      assertThat(bobSession.state()).isEqualTo(ConnectionState.DISCONNECTED);
    });
    // The kicked session stays down (reconnecting would kick the new one back), the new one stays up.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(bobSession.state()).isEqualTo(ConnectionState.DISCONNECTED);
      assertThat(bobAgainSession.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(bobAgainEvents.kicks).isEmpty();
    });
    Sent afterKick = sdk.send(aliceSession, alice, bob, "to the new session");
    await().atMost(DELIVERY).until(() -> bobAgainEvents.timesDelivered(afterKick.messageId()) == 1);
    assertThat(bobEvents.timesDelivered(afterKick.messageId())).isZero();
  }

  @Test
  @Order(3)
  void killedNodesClientsReconnectThroughTheGateAndGetEveryMessageOnce() throws Exception {
    carolSession = sdk.open(sdk.client, carol, "chat-2", carolEvents);
    ChatSession daveSession = sdk.open(sdk.noReconnectClient, dave, "chat-2", daveEvents);
    befriend(aliceSession, alice, aliceEvents, carolSession, carol, carolEvents);
    befriend(aliceSession, alice, aliceEvents, daveSession, dave, daveEvents);

    List<CompletableFuture<Sent>> sends = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sends.add(sdk.sendAsync(aliceSession, alice, carol, "alice to carol " + i));
      sends.add(sdk.sendAsync(carolSession, carol, alice, "carol to alice " + i));
    }
    cluster.node("chat-2").kill(); // SIGKILL with sends in flight

    // The dead node's bindings outlive it until their TTL: dave still looks online.
    assertThat(cluster.statusClient().sessions(dave.id())).extracting(PresenceBinding::nodeId).containsExactly("chat-2");
    assertThat(friend(aliceSession, dave).online()).isTrue();

    for (int i = 10; i < 15; i++) {
      sends.add(sdk.sendAsync(aliceSession, alice, carol, "alice to carol " + i));
      sends.add(sdk.sendAsync(carolSession, carol, alice, "carol to alice " + i)); // queued while reconnecting
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(45, TimeUnit.SECONDS);

    assertThat(carolEvents.states).extracting(RecordingListener.StateChange::state)
        .contains(ConnectionState.RECONNECTING);
    assertThat(carolSession.state()).isEqualTo(ConnectionState.CONNECTED);
    await().atMost(DELIVERY).untilAsserted(() -> {
      sdk.assertDeliveredExactlyOnce(aliceEvents, alice);
      sdk.assertDeliveredExactlyOnce(carolEvents, carol);
    });
    await().atMost(DELIVERY).until(() -> daveSession.state() == ConnectionState.DISCONNECTED);
  }

  @Test
  @Order(4)
  void killedNodesUsersGoOfflineWhenTheirPresenceRunsOut() {
    await().atMost(LocalCluster.PRESENCE_TTL.plusSeconds(10)).untilAsserted(() -> {
      assertThat(cluster.statusClient().isOnline(dave.id())).isFalse();
      assertThat(friend(aliceSession, dave).online()).isFalse();
    });
    // carol was on the killed node too but reconnected: online on the survivor.
    assertThat(cluster.statusClient().sessions(carol.id())).extracting(PresenceBinding::nodeId).containsExactly("chat-1");
    assertThat(friend(aliceSession, carol).online()).isTrue();
  }

  @Test
  @Order(5)
  void redisRestartLosesNoAcknowledgedMessage() throws Exception {
    RoleChild node = cluster.node("chat-1");
    cluster.redis.kill();
    List<CompletableFuture<Sent>> duringOutage = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      duringOutage.add(sdk.sendAsync(aliceSession, alice, carol, "alice to carol, Redis down " + i));
      duringOutage.add(sdk.sendAsync(carolSession, carol, alice, "carol to alice, Redis down " + i));
    }
    await("chat-1 reports Redis down").atMost(Duration.ofSeconds(30)).until(() -> node.health() == 503);
    assertThatThrownBy(() -> sdk.client.login(alice.email(), SdkDriver.PASSWORD))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

    cluster.redis.restart();
    await("chat-1 healthy again").atMost(Duration.ofSeconds(30)).until(() -> node.health() == 200);
    await("chat-1 back in the directory").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> cluster.statusClient().liveNodes().stream().anyMatch(n -> n.nodeId().equals("chat-1")));
    for (CompletableFuture<Sent> f : duringOutage) {
      f.handle((sent, error) -> sent).get(45, TimeUnit.SECONDS); // an ack or a clean error, never a hang
    }

    carriesOnOrReportsUnauthorized(aliceSession, alice, carol, aliceEvents);
    carriesOnOrReportsUnauthorized(carolSession, carol, alice, carolEvents);
    carriesOnOrReportsUnauthorized(bobAgainSession, bob, alice, bobAgainEvents); // idle during the outage
    System.out.printf("after the Redis restart: alice %s, carol %s, bob %s%n", aliceSession.state(),
        carolSession.state(), bobAgainSession.state());
    ChatSession live = aliceSession.state() == ConnectionState.CONNECTED ? aliceSession
        : carolSession.state() == ConnectionState.CONNECTED ? carolSession : null;
    if (live != null) { // otherwise the last step checks the mailboxes with fresh sessions
      List<ChatMessage> history = live.history(live == aliceSession ? carol.id() : alice.id(), 0, 200).messages();
      for (Sent s : sdk.conversation(alice, carol)) {
        assertThat(history).filteredOn(m -> m.messageId() == s.messageId()).singleElement()
            .satisfies(m -> assertThat(m.clientMsgId()).isEqualTo(s.clientMsgId()));
      }
    }
  }

  @Test
  @Order(6)
  void sessionsWhoseTokensRedisLostEndWithUnauthorizedAndFreshLoginsGetEverything() throws Exception {
    cluster.node("chat-1").stop(Duration.ofSeconds(15)); // every client must reconnect, with a lost token
    for (ChatSession s : List.of(aliceSession, bobAgainSession, carolSession)) {
      await().atMost(DELIVERY).until(() -> s.state() == ConnectionState.DISCONNECTED);
    }
    for (RecordingListener events : List.of(aliceEvents, bobAgainEvents, carolEvents)) {
      assertThat(events.endCause()).isInstanceOfSatisfying(ChatException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    cluster.startNode("chat-3").awaitReady(Duration.ofSeconds(60));
    for (TestUser user : List.of(alice, bob, carol)) {
      // The SDK's first connect does not retry, and this test's 3 s read-idle limit can close the
      // first Login on a node that has just started (cold JIT, pools and Redis connections) on a
      // loaded machine: wait until a connect gets through, as an application would retry, each
      // attempt with a listener of its own so a failed one leaves nothing in the one checked.
      AtomicReference<ChatSession> opened = new AtomicReference<>();
      AtomicReference<RecordingListener> listener = new AtomicReference<>();
      await("a session on the fresh node").atMost(Duration.ofSeconds(60))
          .ignoreExceptionsMatching(e -> e instanceof ChatException c && c.code() == ErrorCode.UNAVAILABLE)
          .until(() -> {
            RecordingListener attempt = new RecordingListener();
            opened.set(sdk.client.connect(user.email(), SdkDriver.PASSWORD, attempt));
            listener.set(attempt);
            return true;
          });
      RecordingListener fresh = listener.get();
      ChatSession session = opened.get();
      session.caughtUp().get(30, TimeUnit.SECONDS);
      sdk.assertDeliveredExactlyOnce(fresh, user);
      session.close();
    }
  }

  @Test
  @Order(7)
  void aPasswordResetAtTheGateKicksTheSessionOnItsNodeAndRefusesItsToken() throws Exception {
    TestUser erin = sdk.register("erin");
    RecordingListener erinEvents = new RecordingListener();
    LoginResult login = sdk.client.login(erin.email(), SdkDriver.PASSWORD);
    ChatSession session = sdk.client.openSession(login, erinEvents);
    session.caughtUp().get(30, TimeUnit.SECONDS);

    sdk.client.requestVerificationCode(erin.email(), CodePurpose.RESET_PASSWORD);
    sdk.client.resetPassword(erin.email(), cluster.awaitCode(erin.email(), 1), "a brand new secret 9");

    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(erinEvents.kicks).containsExactly(AccountService.PASSWORD_RESET_REASON);
      assertThat(session.state()).isEqualTo(ConnectionState.DISCONNECTED);
    });
    assertThatThrownBy(() -> sdk.client.openSession(login, new RecordingListener()))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
  }

  /** After Redis lost everything, a session either still sends, or has ended with UNAUTHORIZED. */
  private void carriesOnOrReportsUnauthorized(ChatSession session, TestUser from, TestUser to,
      RecordingListener events) throws Exception {
    Optional<Sent> sent = sdk.sendAsync(session, from, to, "after the Redis restart")
        .handle((s, error) -> Optional.ofNullable(s)).get(40, TimeUnit.SECONDS);
    if (sent.isEmpty()) {
      await().atMost(DELIVERY).until(() -> session.state() == ConnectionState.DISCONNECTED);
      if (!(events.endCause() instanceof ChatException e) || e.code() != ErrorCode.UNAUTHORIZED) {
        fail(from.name() + "'s send failed but the session did not end with UNAUTHORIZED: " + events.states);
      }
    }
  }
}
