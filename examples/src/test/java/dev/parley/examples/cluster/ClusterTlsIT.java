package dev.parley.examples.cluster;

import static dev.parley.examples.cluster.SdkDriver.DELIVERY;
import static dev.parley.examples.cluster.SdkDriver.befriend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.service.AccountService;
import dev.parley.examples.cluster.SdkDriver.Sent;
import dev.parley.examples.cluster.SdkDriver.TestUser;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.StatusClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * {@link ClusterIT}'s core journey with TLS on every port: the gate over HTTPS, the chat ports over
 * TLS (the SDK trusting the test's public CA, hostname checks on), and mutual TLS on every gRPC
 * port between the roles (status, verify, node-to-node), each role with its own certificate of the
 * cluster CA. The journey touches each gRPC path: registration (gate to verify), login and
 * presence (gate and nodes to status), a message across nodes (Deliver), a second login on the
 * other node (Kick between nodes) and a password reset (Kick from the gate). The failure steps of
 * ClusterIT (SIGKILL, Redis restart) do not depend on the transport and run there only, to keep
 * the suite's time down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTlsIT {
  private LocalCluster cluster;
  private SdkDriver sdk;
  private TestUser alice;
  private TestUser bob;
  private final RecordingListener aliceEvents = new RecordingListener();
  private final RecordingListener bobEvents = new RecordingListener();
  private final RecordingListener bobAgainEvents = new RecordingListener();
  private ChatSession aliceSession;
  private ChatSession bobSession;

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
    cluster = LocalCluster.start(true);
    sdk = new SdkDriver(cluster);
    alice = sdk.register("alice");
    bob = sdk.register("bob");
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
  void everyPortSpeaksTlsAndTheGrpcPortsOnlyToClusterMembers() {
    assertThat(cluster.gateUrl().getScheme()).isEqualTo("https");
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(cluster.gateUrl().resolve("/healthz"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
        .as("the JDK's default trust does not know the test CA").isInstanceOf(javax.net.ssl.SSLException.class);
    try (StatusClient plaintext = StatusClient.builder().address("127.0.0.1", cluster.status.port("port"))
        .deadline(Duration.ofSeconds(5)).build()) {
      assertThatThrownBy(plaintext::liveNodes).isInstanceOfSatisfying(ChatException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
    assertThat(cluster.statusClient().liveNodes()).hasSize(2);
  }

  @Test
  @Order(2)
  void usersOnDifferentNodesBefriendAndChat() {
    aliceSession = sdk.open(sdk.client, alice, "chat-1", aliceEvents);
    bobSession = sdk.open(sdk.client, bob, "chat-2", bobEvents);
    befriend(aliceSession, alice, aliceEvents, bobSession, bob, bobEvents);

    Sent hello = sdk.send(aliceSession, alice, bob, "hello over TLS from chat-1");
    Sent reply = sdk.send(bobSession, bob, alice, "hello back over TLS from chat-2");

    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(bobEvents.timesDelivered(hello.messageId())).isEqualTo(1);
      assertThat(aliceEvents.timesDelivered(reply.messageId())).isEqualTo(1);
    });
  }

  @Test
  @Order(3)
  void secondLoginOnTheOtherNodeKicksTheFirst() {
    ChatSession bobAgain = sdk.open(sdk.client, bob, "chat-1", bobAgainEvents);

    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(bobEvents.kicks).hasSize(1);
      assertThat(bobSession.state()).isEqualTo(ConnectionState.DISCONNECTED);
    });
    assertThat(cluster.statusClient().sessions(bob.id())).extracting(PresenceBinding::nodeId).containsExactly("chat-1");
    Sent afterKick = sdk.send(aliceSession, alice, bob, "to the new session");
    await().atMost(DELIVERY).until(() -> bobAgainEvents.timesDelivered(afterKick.messageId()) == 1);
    assertThat(bobAgain.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  @Order(4)
  void aPasswordResetAtTheGateKicksTheSessionOnItsNode() throws Exception {
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
  }
}
