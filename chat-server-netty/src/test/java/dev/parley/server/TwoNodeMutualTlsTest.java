package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.testing.TestPki;
import dev.parley.server.internal.grpc.ChatNodeServiceGrpc;
import dev.parley.server.internal.grpc.KickRequest;
import dev.parley.server.testing.TestChatClient;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TwoNodeStatusServerTest} with mutual TLS on every internal gRPC port: the status server,
 * both nodes' internal servers, the nodes' calls to each other and to status, and the gate-side
 * session closer all use certificates signed by one cluster CA and require the peer's. Plus: the
 * internal port refuses callers that are not cluster members.
 */
class TwoNodeMutualTlsTest extends TwoNodeClusterContract {
  @TempDir Path dir;
  private TestPki clusterCa;
  private StatusServer status;
  private StatusClient client;

  @Override
  protected ChatCluster newCluster() {
    clusterCa = TestPki.create(dir, "cluster");
    TlsSettings member = member(clusterCa.issue("member"));
    status = StatusServer.builder().host("127.0.0.1").tls(member)
        .nodeDirectory(new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()))
        .presence(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()))
        .shutdownGrace(Duration.ofMillis(200)).build().start();
    client = StatusClient.builder().address("127.0.0.1", status.port()).tls(member).build();
    return new ChatCluster(client, client).internalTls(member);
  }

  private TlsSettings member(TestPki.Issued cert) {
    return TlsSettings.builder().certificateChain(cert.chain()).privateKey(cert.key())
        .trustedCertificates(clusterCa.caFile()).clientAuth(TlsSettings.ClientAuth.REQUIRE).build();
  }

  @Override
  protected void closeBackends() {
    client.close();
    status.stop();
  }

  @Test
  void theInternalPortRefusesKicksFromCallersWithoutAClusterCertificate() throws SSLException {
    ChatNode node = cluster.startNode("node-kick", ChatLimits.defaults());
    ChatCluster.TestUser cid = cluster.newUser("cid");
    TestChatClient session = cluster.connect(node);
    String sessionId = session.login(cid.token()).getLoginResponse().getSessionId();
    TestPki stranger = TestPki.create(dir, "stranger");
    TestPki.Issued strangerCert = stranger.issue("stranger");

    ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", node.internalPort()).usePlaintext().build();
    ManagedChannel noCertificate = NettyChannelBuilder.forAddress("127.0.0.1", node.internalPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(clusterCa.caFile().toFile()).build()).build();
    ManagedChannel wrongCa = NettyChannelBuilder.forAddress("127.0.0.1", node.internalPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(clusterCa.caFile().toFile())
            .keyManager(strangerCert.chain().toFile(), strangerCert.key().toFile()).build()).build();
    try {
      for (ManagedChannel channel : new ManagedChannel[] {plaintext, noCertificate, wrongCa}) {
        assertThatThrownBy(() -> ChatNodeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .kick(KickRequest.newBuilder().setUserId(cid.id()).setSessionId(sessionId).setReason("forged").build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      }
    } finally {
      plaintext.shutdownNow();
      noCertificate.shutdownNow();
      wrongCa.shutdownNow();
    }
    assertThat(session.request(Requests.ping()).hasPong())
        .as("the session the forged kicks named").isTrue();
  }
}
