package dev.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.testing.TestPki;
import dev.parley.server.StatusClient;
import dev.parley.server.StatusServer;
import dev.parley.server.TlsSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The status role's gRPC port with mutual TLS, over real sockets and certificates made here: a
 * cluster member's certificate gets through; no certificate, an expired one, one from another CA,
 * plaintext, a client that does not trust the server, and a server certificate for another host
 * each end in {@code UNAVAILABLE}, and the server keeps serving members afterwards.
 */
class GrpcMutualTlsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @TempDir Path dir;
  private TestPki clusterCa;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final InMemoryNodeDirectory directory = new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC());

  @BeforeEach
  void makeCa() {
    clusterCa = TestPki.create(dir, "cluster");
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) { // newest first
      c.close();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Engine.class, names = {"JDK", "OPENSSL"})
  void aClusterMemberCallsTheStatusRoleOverMutualTls(TlsSettings.Engine engine) {
    StatusServer server = start(member(clusterCa.issue("status"), engine));
    StatusClient client = client(server, member(clusterCa.issue("gate"), engine));

    client.register(new ChatNodeInfo("node-1", "127.0.0.1", 9000, "127.0.0.1", 9200, 0, Instant.now()));

    assertThat(client.liveNodes()).extracting(ChatNodeInfo::nodeId).containsExactly("node-1");
    assertThat(client.find("node-1")).isPresent();
  }

  @Test
  void aClientWithoutACertificateIsRefused() throws SSLException {
    StatusServer server = start(member(clusterCa.issue("status"), TlsSettings.Engine.AUTO));
    ManagedChannel trustsOnly = channel(NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .sslContext(GrpcSslContexts.forClient().trustManager(clusterCa.caFile().toFile()).build()).build());
    StatusClient client = open(StatusClient.builder().channel(trustsOnly).deadline(DEADLINE).build());

    assertUnavailable(client);
    assertMembersStillServed(server);
  }

  @Test
  void anExpiredClientCertificateIsRefused() {
    StatusServer server = start(member(clusterCa.issue("status"), TlsSettings.Engine.AUTO));

    assertUnavailable(client(server, member(clusterCa.issueExpired("expired-gate"), TlsSettings.Engine.AUTO)));
    assertMembersStillServed(server);
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() {
    StatusServer server = start(member(clusterCa.issue("status"), TlsSettings.Engine.AUTO));
    TestPki.Issued stranger = TestPki.create(dir, "stranger").issue("stranger");
    // trusts the cluster CA (so the server is fine to it) but presents a certificate the cluster never signed
    TlsSettings strangerSettings = TlsSettings.builder().certificateChain(stranger.chain())
        .privateKey(stranger.key()).trustedCertificates(clusterCa.caFile()).build();

    assertUnavailable(client(server, strangerSettings));
    assertMembersStillServed(server);
  }

  @Test
  void aPlaintextClientIsRefused() {
    StatusServer server = start(member(clusterCa.issue("status"), TlsSettings.Engine.AUTO));

    assertUnavailable(open(StatusClient.builder().address("127.0.0.1", server.port()).deadline(DEADLINE).build()));
    assertMembersStillServed(server);
  }

  @Test
  void aClientRefusesAServerItsCaDidNotSign() {
    TestPki other = TestPki.create(dir, "other");
    StatusServer server = start(member(clusterCa.issue("status"), TlsSettings.Engine.AUTO));
    TestPki.Issued cert = clusterCa.issue("gate");
    TlsSettings trustsOtherCa = TlsSettings.builder().certificateChain(cert.chain()).privateKey(cert.key())
        .trustedCertificates(other.caFile()).build();

    assertUnavailable(client(server, trustsOtherCa));
  }

  @Test
  void aClientChecksTheServerCertificateAgainstTheTargetHost() {
    StatusServer server = start(member(clusterCa.issueForHost("status", "status.elsewhere.test"),
        TlsSettings.Engine.AUTO));

    assertUnavailable(client(server, member(clusterCa.issue("gate"), TlsSettings.Engine.AUTO)));
  }

  @Test
  void clientTlsNeedsTheCaToCheckServersAgainst() {
    TestPki.Issued cert = clusterCa.issue("gate");
    TlsSettings noCa = TlsSettings.of(cert.chain(), cert.key());

    assertThatThrownBy(() -> StatusClient.builder().address("127.0.0.1", 1).tls(noCa).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("trustedCertificates");
  }

  private void assertUnavailable(StatusClient client) {
    assertThatThrownBy(client::liveNodes).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }

  private void assertMembersStillServed(StatusServer server) {
    StatusClient member = client(server, member(clusterCa.issue("later-member"), TlsSettings.Engine.AUTO));
    assertThat(member.liveNodes()).isEmpty();
  }

  private TlsSettings member(TestPki.Issued cert, TlsSettings.Engine engine) {
    return TlsSettings.builder().certificateChain(cert.chain()).privateKey(cert.key())
        .trustedCertificates(clusterCa.caFile()).clientAuth(TlsSettings.ClientAuth.REQUIRE).engine(engine).build();
  }

  private StatusServer start(TlsSettings tls) {
    return open(StatusServer.builder().host("127.0.0.1").port(0).tls(tls).nodeDirectory(directory)
        .presence(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()))
        .shutdownGrace(Duration.ofMillis(200)).build().start());
  }

  private StatusClient client(StatusServer server, TlsSettings tls) {
    return open(StatusClient.builder().address("127.0.0.1", server.port()).tls(tls).deadline(DEADLINE).build());
  }

  private ManagedChannel channel(ManagedChannel c) {
    opened.add(0, c::shutdownNow);
    return c;
  }

  private <T extends AutoCloseable> T open(T c) {
    opened.add(0, c);
    return c;
  }
}
