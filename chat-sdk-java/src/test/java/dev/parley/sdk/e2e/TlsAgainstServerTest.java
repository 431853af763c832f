package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.testing.TestPki;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.e2e.NodeFixture.TestUser;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ChatNode;
import dev.parley.server.TlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against a real TLS chat node ({@code ChatNodeBuilder.tls}): a certificate for another
 * name is refused by default and accepted only with the explicit switch, a certificate from
 * another CA is refused, and with mutual TLS the node lets in only a client that presents a
 * certificate from the CA it trusts.
 */
class TlsAgainstServerTest {
  @TempDir
  Path dir;

  private final NodeFixture fixture = new NodeFixture();
  private final List<ParleyClient> clients = new ArrayList<>();
  private TestPki pki;
  private TestUser ann;

  @BeforeEach
  void setUp() {
    pki = TestPki.create(dir, "node");
    ann = fixture.newUser("ann");
  }

  @AfterEach
  void stop() {
    clients.forEach(ParleyClient::close);
    fixture.close();
  }

  @Test
  void aNodeCertificateForAnotherNameIsRefusedUnlessHostnameVerificationIsExplicitlyOff() {
    ChatNode node = startNode(pki.issueForHost("elsewhere", "elsewhere.example"), b -> b);

    ChatException refused = catchThrowableOfType(ChatException.class,
        () -> client(b -> b.trustedCertificates(pki.caFile())).openSession(login(node), new RecordingListener()));
    assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(refused.getMessage()).contains("TLS handshake failed");

    ChatSession session = client(b -> b.trustedCertificates(pki.caFile()).insecureSkipHostnameVerification())
        .openSession(login(node), new RecordingListener());
    assertThat(session.pingAsync().join()).isPositive();
  }

  @Test
  void aNodeCertificateFromAnotherCaIsRefused() {
    ChatNode node = startNode(TestPki.create(dir, "stranger").issue("localhost"), b -> b);
    ChatException refused = catchThrowableOfType(ChatException.class,
        () -> client(b -> b.trustedCertificates(pki.caFile())).openSession(login(node), new RecordingListener()));
    assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(refused.getMessage()).contains("TLS handshake failed");
  }

  @Test
  void withMutualTlsTheNodeLetsInOnlyAClientWithACertificateFromItsCa() {
    ChatNode node = startNode(pki.issue("localhost"),
        b -> b.trustedCertificates(pki.caFile()).clientAuth(TlsSettings.ClientAuth.REQUIRE));
    TestPki.Issued mine = pki.issue("ann-device");

    ChatSession session = client(b -> b.trustedCertificates(pki.caFile()).clientCertificate(mine.chain(), mine.key()))
        .openSession(login(node), new RecordingListener());
    assertThat(session.pingAsync().join()).isPositive();

    ChatException without = catchThrowableOfType(ChatException.class,
        () -> client(b -> b.trustedCertificates(pki.caFile())).openSession(login(node), new RecordingListener()));
    assertThat(without.code()).isEqualTo(ErrorCode.UNAVAILABLE);

    TestPki.Issued foreign = TestPki.create(dir, "stranger").issue("ann-device");
    ChatException wrongCa = catchThrowableOfType(ChatException.class,
        () -> client(b -> b.trustedCertificates(pki.caFile()).clientCertificate(foreign.chain(), foreign.key()))
            .openSession(login(node), new RecordingListener()));
    assertThat(wrongCa.code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  private ChatNode startNode(TestPki.Issued certificate, UnaryOperator<TlsSettings.Builder> more) {
    TlsSettings tls = more.apply(TlsSettings.builder().certificateChain(certificate.chain())
        .privateKey(certificate.key())).build();
    return fixture.startNode("n1", b -> b.tls(tls));
  }

  private ParleyClient client(UnaryOperator<ParleyClient.Builder> settings) {
    ParleyClient client = settings.apply(ParleyClient.builder().gateUrl(URI.create("http://127.0.0.1:1"))
        .reconnectPolicy(ReconnectPolicy.none()).requestTimeout(Duration.ofSeconds(5))).build();
    clients.add(client);
    return client;
  }

  private LoginResult login(ChatNode node) {
    LoginResult plain = NodeFixture.login(ann, node.port());
    return new LoginResult(plain.userId(), plain.token(), plain.expiresAt(),
        new ChatAddress("127.0.0.1", node.port(), true, 0));
  }
}
