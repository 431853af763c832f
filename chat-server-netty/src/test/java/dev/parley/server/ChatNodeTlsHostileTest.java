package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.LoginRequest;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.testing.TestPki;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile and broken clients of a TLS client port, over real sockets: plaintext protocol bytes, a
 * client certificate that is missing, expired or from another CA where mutual TLS is required, a
 * handshake that never finishes, and a pile of connections stuck in their handshakes. Each is
 * closed and counted as a failed handshake, a TLS session beside it keeps being served, and
 * nothing is stored for the hostile client (its valid token logs nobody in).
 */
class ChatNodeTlsHostileTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration LONG = Duration.ofSeconds(30);
  // Short, yet long enough for a cold JVM's first real handshake (the bystander's) on a busy machine.
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(10);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC())).tls(TlsSettings.Engine.OPENSSL);
  private final TestUser ann = cluster.newUser("ann");
  private final TestUser eve = cluster.newUser("eve");
  private ChatNode node;
  private TestChatClient bystander;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Engine.class, names = {"OPENSSL", "JDK"})
  void plaintextProtocolBytesAreClosedPromptlyAndCountedAsAFailedHandshake(TlsSettings.Engine engine)
      throws IOException {
    start(t -> t.engine(engine).handshakeTimeout(LONG), ChatLimits.defaults().withLoginTimeout(LONG), null);

    try (Socket plain = connectPlain("127.0.0.1")) {
      Frame.newBuilder().setRequestId(1).setLogin(LoginRequest.newBuilder().setToken(eve.token())).build()
          .writeDelimitedTo(plain.getOutputStream());
      // well before either 30 s timeout: the first bytes are not a TLS record
      assertThat(closedByServerWithin(plain, WAIT)).isTrue();
    }
    awaitFailedHandshakes(1);
    nothingStoredForEveAndTheBystanderIsServed();
  }

  /** Client certificates a node requiring mutual TLS refuses. */
  enum RefusedCertificate { NONE, EXPIRED, OTHER_CA }

  @ParameterizedTest
  @EnumSource(RefusedCertificate.class)
  void mutualTlsRefusesAMissingExpiredOrForeignClientCertificateOnTheOpenSslEngine(RefusedCertificate kind) {
    refusesClientCertificate(TlsSettings.Engine.OPENSSL, kind);
  }

  @ParameterizedTest
  @EnumSource(RefusedCertificate.class)
  void mutualTlsRefusesAMissingExpiredOrForeignClientCertificateOnTheJdkEngine(RefusedCertificate kind) {
    refusesClientCertificate(TlsSettings.Engine.JDK, kind);
  }

  @Test
  void mutualTlsLetsAClientWithAGoodCertificateLogIn() {
    startMutual(TlsSettings.Engine.OPENSSL);
    TestPki.Issued cert = cluster.pki().issue("eve-device");
    TestChatClient eveClient = cluster.track(TestChatClient.connect("127.0.0.1", node.port(),
        TestChatClient.Tls.withCertificate(cluster.pki().caFile(), cert.chain(), cert.key())));

    assertThat(eveClient.login(eve.token()).hasLoginResponse()).isTrue();
    assertThat(cluster.presence.isOnline(eve.id())).isTrue();
    assertThat(handshakes("ok")).isEqualTo(2.0);
    assertThat(handshakes("failed")).isZero();
  }

  @Test
  void aSilentConnectionIsClosedAfterTheHandshakeTimeoutNotTheLoginTimeout() throws IOException {
    startWithShortHandshakeTimeout();
    long start = System.nanoTime();
    try (Socket silent = connectPlain("127.0.0.1")) {
      assertThat(closedByServerWithin(silent, LOGIN_TIMEOUT)).isTrue();
    }
    assertClosedBetweenTheTimeouts(start);
    awaitFailedHandshakes(1);
    nothingStoredForEveAndTheBystanderIsServed();
  }

  @Test
  void aPartialClientHelloIsClosedAfterTheHandshakeTimeoutNotTheLoginTimeout() throws Exception {
    startWithShortHandshakeTimeout();
    byte[] hello = clientHello();
    assertThat(hello[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
    long start = System.nanoTime();
    try (Socket partial = connectPlain("127.0.0.1")) {
      partial.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));
      partial.getOutputStream().flush();
      assertThat(closedByServerWithin(partial, LOGIN_TIMEOUT)).isTrue();
    }
    assertClosedBetweenTheTimeouts(start);
    awaitFailedHandshakes(1);
    nothingStoredForEveAndTheBystanderIsServed();
  }

  @Test
  void connectionsInTheirHandshakeCountTowardsThePerAddressCap() throws IOException {
    start(t -> t.handshakeTimeout(LONG), ChatLimits.defaults().withLoginTimeout(LONG), 2);
    Socket first = connectPlain("127.0.0.2");
    Socket second = connectPlain("127.0.0.2");
    await().atMost(WAIT).until(() -> node.connectionCount() == 3); // the bystander and the two stuck ones

    assertThatThrownBy(() -> TestChatClient.connectFrom("127.0.0.2", "127.0.0.1", node.port(), cluster.clientTls()))
        .as("a third connection from 127.0.0.2 while two are in their handshakes")
        .isInstanceOf(UncheckedIOException.class);
    assertThat(cluster.meters.get("parley.connections.refused").tag("node", "n1").counter().count()).isEqualTo(1.0);

    // a stuck connection that goes away frees its slot
    first.close();
    await().atMost(WAIT).until(() -> node.connectionCount() == 2);
    TestChatClient eveClient = cluster.track(
        TestChatClient.connectFrom("127.0.0.2", "127.0.0.1", node.port(), cluster.clientTls()));
    assertThat(eveClient.login(eve.token()).hasLoginResponse()).isTrue();
    assertThat(bystander.request(Requests.ping()).hasPong()).isTrue();
    second.close();
  }

  private void refusesClientCertificate(TlsSettings.Engine engine, RefusedCertificate kind) {
    startMutual(engine);
    TestChatClient.Tls tls = switch (kind) {
      case NONE -> cluster.clientTls();
      case EXPIRED -> presenting(cluster.pki().issueExpired("eve-expired"));
      case OTHER_CA -> presenting(TestPki.create(cluster.pki().caFile().getParent(), "other").issue("eve-foreign"));
    };

    TestChatClient eveClient;
    try {
      eveClient = cluster.track(TestChatClient.connect("127.0.0.1", node.port(), tls));
    } catch (UncheckedIOException refusedInTheHandshake) {
      eveClient = null; // TLSv1.2 order, or the alert arrived before the client's handshake returned
    }
    if (eveClient != null) {
      // TLSv1.3: the client's side of the handshake ends before the server checks its certificate
      sendLoginIgnoringAClosedSocket(eveClient, eve.token());
      assertThat(eveClient.awaitClosed(WAIT)).isTrue();
    }
    awaitFailedHandshakes(1);
    nothingStoredForEveAndTheBystanderIsServed();
  }

  private void startMutual(TlsSettings.Engine engine) {
    TestPki.Issued bystanderCert = cluster.pki().issue("ann-device");
    start(t -> t.engine(engine).clientAuth(TlsSettings.ClientAuth.REQUIRE)
        .trustedCertificates(cluster.pki().caFile()), ChatLimits.defaults(), null, presenting(bystanderCert));
  }

  private TestChatClient.Tls presenting(TestPki.Issued cert) {
    return TestChatClient.Tls.withCertificate(cluster.pki().caFile(), cert.chain(), cert.key());
  }

  private void startWithShortHandshakeTimeout() {
    start(t -> t.handshakeTimeout(HANDSHAKE_TIMEOUT), ChatLimits.defaults().withLoginTimeout(LOGIN_TIMEOUT), null);
  }

  private void start(UnaryOperator<TlsSettings.Builder> tls, ChatLimits limits, Integer capPerAddress) {
    start(tls, limits, capPerAddress, cluster.clientTls());
  }

  /** Starts node n1 with the cluster's certificate and {@code tls}'s changes, and logs the bystander ann in. */
  private void start(UnaryOperator<TlsSettings.Builder> tls, ChatLimits limits, Integer capPerAddress,
      TestChatClient.Tls bystanderTls) {
    TlsSettings base = cluster.nodeTls();
    TlsSettings settings = tls.apply(TlsSettings.builder().certificateChain(base.certificateChain())
        .privateKey(base.privateKey()).engine(base.engine())).build();
    node = cluster.startNode("n1", limits, b -> {
      b.tls(settings);
      return capPerAddress == null ? b : b.maxUnauthenticatedPerAddress(capPerAddress);
    });
    bystander = cluster.track(TestChatClient.connect("127.0.0.1", node.port(), bystanderTls));
    assertThat(bystander.login(ann.token()).hasLoginResponse()).isTrue();
  }

  private void nothingStoredForEveAndTheBystanderIsServed() {
    assertThat(cluster.presence.isOnline(eve.id())).isFalse();
    assertThat(cluster.meters.get("parley.logins").tag("node", "n1").counter().count()).isEqualTo(1.0);
    assertThat(bystander.request(Requests.ping()).hasPong()).isTrue();
    assertThat(bystander.isClosed()).isFalse();
    await().atMost(WAIT).until(() -> node.connectionCount() == 1);
  }

  private void awaitFailedHandshakes(int n) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(handshakes("failed")).isEqualTo(n));
    assertThat(handshakes("ok")).as("the bystander's handshake").isEqualTo(1.0);
  }

  private double handshakes(String outcome) {
    return cluster.meters.get("parley_tls_handshakes").tags("port", "chat", "outcome", outcome).counter().count();
  }

  private static void assertClosedBetweenTheTimeouts(long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    assertThat(took).as("closed by the handshake timeout, before the login timeout")
        .isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT).isLessThan(LOGIN_TIMEOUT);
  }

  private Socket connectPlain(String source) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(source, 0));
    s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
    return s;
  }

  /** True when the server ends the connection (end of stream or a reset) within {@code within}. */
  private static boolean closedByServerWithin(Socket s, Duration within) throws IOException {
    s.setSoTimeout((int) within.toMillis());
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) != -1) {
        // a TLS alert may come first
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static void sendLoginIgnoringAClosedSocket(TestChatClient c, String token) {
    try {
      c.send(Frame.newBuilder().setLogin(LoginRequest.newBuilder().setToken(token)));
    } catch (UncheckedIOException alreadyClosed) {
      // the server's alert won the race
    }
  }

  /** The first flight of a real TLS client: a ClientHello record. */
  private static byte[] clientHello() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] hello = new byte[out.remaining()];
    out.get(hello);
    return hello;
  }
}
