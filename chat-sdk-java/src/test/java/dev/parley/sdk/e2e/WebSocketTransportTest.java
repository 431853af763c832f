package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.testing.TestPki;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ChatNode;
import dev.parley.server.TlsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's WebSocket transport against chat nodes' real WebSocket endpoints behind a gate, over
 * real sockets: the client learns each node's WebSocket port and TLS flag from the gate's login
 * answer. Sessions chat over {@code ws://} and {@code wss://}; a kick, a node restart and the
 * mailbox sync after it behave as over TCP; a node without a WebSocket port fails clearly.
 */
class WebSocketTransportTest {
  @TempDir
  Path dir;

  private final ParleyStack stack = new ParleyStack();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ParleyClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    stack.close();
  }

  @Test
  void friendsChatOverWebSocket() {
    stack.startNode("n1", n -> n.webSocketPort(0).meterRegistry(meters));
    client = builder().build();
    chat();
  }

  @Test
  void friendsChatOverSecureWebSocket() {
    TestPki pki = TestPki.create(dir, "ws");
    TestPki.Issued certificate = pki.issue("localhost");
    ChatNode node = stack.startNode("n1", n -> n.webSocketPort(0).meterRegistry(meters)
        .tls(TlsSettings.builder().certificateChain(certificate.chain()).privateKey(certificate.key()).build()));
    client = builder().trustedCertificates(pki.caFile()).build();
    LoginResult login = chat();
    assertThat(login.chat().tls()).isTrue();
    assertThat(login.chat().wsPort()).isEqualTo(node.webSocketPort());
  }

  @Test
  void aNodeWithoutAWebSocketPortFailsClearly() {
    ChatNode node = stack.startNode("n1");
    client = builder().build();
    String email = stack.register(client, "ann");
    LoginResult login = client.login(email, ParleyStack.PASSWORD);
    assertThat(login.chat().wsPort()).isZero();
    ChatException e = catchThrowableOfType(ChatException.class,
        () -> client.connect(email, ParleyStack.PASSWORD, new RecordingListener()));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).contains("has no WebSocket endpoint").contains("127.0.0.1:" + node.port());
  }

  @Test
  void aLoginOverTheOtherTransportKicksTheSessionWithTheSameCodeEitherWay() {
    stack.startNode("n1", n -> n.webSocketPort(0));
    client = builder().build();
    try (ParleyClient tcp = ParleyClient.builder().gateUrl(stack.gateUrl()).reconnectPolicy(ReconnectPolicy.none())
        .requestTimeout(Duration.ofSeconds(5)).build()) {
      String email = stack.register(client, "ann");
      RecordingListener overWebSocket = new RecordingListener();
      ChatSession first = client.connect(email, ParleyStack.PASSWORD, overWebSocket);
      RecordingListener overTcp = new RecordingListener();
      ChatSession second = tcp.connect(email, ParleyStack.PASSWORD, overTcp);

      overWebSocket.awaitState(ConnectionState.DISCONNECTED);
      assertThat(first.state()).isEqualTo(ConnectionState.DISCONNECTED);
      assertThat(second.state()).isEqualTo(ConnectionState.CONNECTED);
      ChatSession third = client.connect(email, ParleyStack.PASSWORD, new RecordingListener());
      overTcp.awaitState(ConnectionState.DISCONNECTED);
      assertThat(third.state()).isEqualTo(ConnectionState.CONNECTED);

      // the same kick, with the same reason and code, whichever transport the kicked session used
      assertThat(overWebSocket.kicks).hasSize(1).isEqualTo(overTcp.kicks);
      assertThat(lastCause(overWebSocket)).isEqualTo(ErrorCode.UNAUTHORIZED).isEqualTo(lastCause(overTcp));
    }
  }

  @Test
  void aSessionReconnectsOverWebSocketWhenItsNodeRestartsAndCatchesUp() throws Exception {
    ChatNode node = stack.startNode("n1", n -> n.webSocketPort(0));
    client = ParleyClient.builder().gateUrl(stack.gateUrl()).transport(ChatTransport.WEBSOCKET)
        .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 0.2))
        .requestTimeout(Duration.ofSeconds(5)).build();
    String annEmail = stack.register(client, "ann");
    String bobEmail = stack.register(client, "bob");
    RecordingListener annHears = new RecordingListener();
    ChatSession ann = client.connect(annEmail, ParleyStack.PASSWORD, annHears);
    ChatSession bob = client.connect(bobEmail, ParleyStack.PASSWORD, new RecordingListener());
    stack.befriend(ann.userId(), bob.userId());
    bob.sendMessage(ann.userId(), "before");
    annHears.awaitMessages(1);

    node.stop();
    annHears.awaitState(ConnectionState.RECONNECTING);
    // while ann is away, a message reaches her mailbox straight through the store
    stack.messages.append(bob.userId(), ann.userId(), UUID.randomUUID().toString(), "while down",
        Instant.now());
    SimpleMeterRegistry restarted = new SimpleMeterRegistry();
    ChatNode again = stack.startNode("n1", n -> n.webSocketPort(0).meterRegistry(restarted));

    annHears.awaitMessages(2);
    await().atMost(RecordingListener.WAIT).until(() -> ann.state() == ConnectionState.CONNECTED);
    assertThat(annHears.texts()).containsExactly("before", "while down");
    assertThat(annHears.seqs()).containsExactly(1L, 2L);
    // back on the restarted node's WebSocket port, which the gate told it
    await().atMost(RecordingListener.WAIT).until(() -> webSocketSessions(restarted) >= 1);
    assertThat(ann.pingAsync().get(5, TimeUnit.SECONDS)).isPositive();
    assertThat(again.webSocketPort()).isPositive();
  }

  private LoginResult chat() {
    String annEmail = stack.register(client, "ann");
    String bobEmail = stack.register(client, "bob");
    LoginResult annLogin = client.login(annEmail, ParleyStack.PASSWORD);
    LoginResult bobLogin = client.login(bobEmail, ParleyStack.PASSWORD);
    stack.befriend(annLogin.userId(), bobLogin.userId());
    RecordingListener annHears = new RecordingListener();
    RecordingListener bobHears = new RecordingListener();
    ChatSession a = client.openSession(annLogin, annHears);
    ChatSession b = client.openSession(bobLogin, bobHears);
    // both sessions on the node's WebSocket port, none on its TCP port
    assertThat(webSocketSessions(meters)).isEqualTo(2);
    assertThat(meters.get("parley.sessions").tag("transport", "tcp").gauge().value()).isZero();

    a.sendMessage(b.userId(), "hello over websocket");
    b.sendMessage(a.userId(), "hi back");
    bobHears.awaitMessages(2);
    annHears.awaitMessages(2);
    assertThat(bobHears.texts()).containsExactly("hello over websocket", "hi back");
    assertThat(a.pingAsync().join()).isPositive();
    return annLogin;
  }

  private static double webSocketSessions(SimpleMeterRegistry registry) {
    return registry.get("parley.sessions").tag("transport", "ws").gauge().value();
  }

  private static ErrorCode lastCause(RecordingListener listener) {
    Throwable cause = listener.states.get(listener.states.size() - 1).cause();
    assertThat(cause).isInstanceOf(ChatException.class);
    return ((ChatException) cause).code();
  }

  private ParleyClient.Builder builder() {
    return ParleyClient.builder().gateUrl(stack.gateUrl()).transport(ChatTransport.WEBSOCKET)
        .reconnectPolicy(ReconnectPolicy.none()).requestTimeout(Duration.ofSeconds(5));
  }
}
