package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.ReconnectPolicy;
import io.netty.handler.ssl.ClientAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's TLS to a chat node over real sockets, against {@link TlsTestServer} with certificates
 * made here: the trusted authority is accepted, another one refused, hostnames verified unless
 * explicitly switched off, the client certificate presented when configured.
 */
class ClientTlsTest {
  @TempDir
  static Path dir;
  private static TlsTestCertificates certs;

  private final Transport transport = new Transport(1, false);
  private TlsTestServer server;

  @BeforeAll
  static void certificates() {
    certs = TlsTestCertificates.make(dir);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    transport.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void aNodeWhoseCertificateTheTrustedAuthoritySignedIsAccepted() throws Exception {
    server = new TlsTestServer(certs.serverCertificate(), certs.pki(), ClientAuth.NONE);
    ClientTls tls = new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true);
    assertThat(open("127.0.0.1", tls).get(5, TimeUnit.SECONDS).isOpen()).isTrue();
    assertThat(open("localhost", tls).get(5, TimeUnit.SECONDS).isOpen()).isTrue();
    await().until(() -> server.handshakes.size() == 2);
    assertThat(server.handshakes).containsOnly("none");
  }

  @Test
  void aCertificateFromAnotherAuthorityIsRefused() throws Exception {
    server = new TlsTestServer(certs.otherCaServer(), certs.pki(), ClientAuth.NONE);
    ChatException e = failure(open("127.0.0.1", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true)));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).contains("127.0.0.1:" + server.port()).contains("TLS handshake failed");
  }

  @Test
  void theJvmsDefaultTrustDoesNotKnowATestAuthority() throws Exception {
    server = new TlsTestServer(certs.serverCertificate(), certs.pki(), ClientAuth.NONE);
    ChatException e = failure(open("127.0.0.1", new ClientTls(null, null, null, true)));
    assertThat(e.getMessage()).contains("TLS handshake failed");
  }

  @Test
  void aCertificateForAnotherNameIsRefusedUnlessHostnameVerificationIsExplicitlyOff() throws Exception {
    server = new TlsTestServer(certs.wrongName(), certs.pki(), ClientAuth.NONE);
    ChatException e = failure(open("127.0.0.1", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true)));
    assertThat(e.getMessage()).contains("TLS handshake failed").containsIgnoringCase("127.0.0.1");

    ClientTls lax = new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, false);
    assertThat(open("127.0.0.1", lax).get(5, TimeUnit.SECONDS).isOpen()).isTrue();
    // the chain is still checked with verification off
    server.close();
    server = new TlsTestServer(certs.otherCaServer(), certs.pki(), ClientAuth.NONE);
    assertThat(failure(open("127.0.0.1", lax)).getMessage()).contains("TLS handshake failed");
  }

  @Test
  void theClientCertificateIsPresentedWhenConfigured() throws Exception {
    server = new TlsTestServer(certs.serverCertificate(), certs.pki(), ClientAuth.REQUIRE);
    ClientTls withCertificate = new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), certs.clientCertificate().chain(),
        certs.clientCertificate().key(), true);
    assertThat(open("127.0.0.1", withCertificate).get(5, TimeUnit.SECONDS).isOpen()).isTrue();
    await().until(() -> !server.handshakes.isEmpty());
    assertThat(server.handshakes.poll()).isEqualTo("CN=parley-client");

    // without one, the server refuses the handshake (with TLSv1.3 the client may learn of it only after its own side finished)
    CompletableFuture<ChatConnection> without = open("127.0.0.1", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()),
        null, null, true));
    await().until(() -> !server.handshakes.isEmpty());
    assertThat(server.handshakes.poll()).startsWith("failed:");
    await().until(() -> without.isCompletedExceptionally() || !without.join().isOpen());
  }

  @Test
  void unreadableKeyMaterialFailsWithTheFileNames() {
    assertThatThrownBy(() -> new ClientTls(null, certs.clientCertificate().chain(), certs.pki().caFile(), true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(certs.pki().caFile().toString());
    assertThatThrownBy(() -> ClientTls.trustFromPem(certs.clientCertificate().key()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(certs.clientCertificate().key().toString());
  }

  private CompletableFuture<ChatConnection> open(String host, ClientTls tls) {
    SessionSettings settings = new SessionSettings(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(30),
        ReconnectPolicy.defaults(), Runnable::run, 10, Duration.ofSeconds(5), 1 << 20, ChatTransport.TCP, tls);
    return ChatConnection.open(transport.group().next(), transport, new ChatAddress(host, server.port(), true, 0),
        settings, new ChatConnection.Events() {
          @Override
          public void onPush(ChatConnection connection, Frame frame) {}

          @Override
          public void onClosed(ChatConnection connection, ChatException cause) {}
        });
  }

  private static ChatException failure(CompletableFuture<?> future) {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ChatException.class);
      return (ChatException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("connected, but should have failed");
  }
}
