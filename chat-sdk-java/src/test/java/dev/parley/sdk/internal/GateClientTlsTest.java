package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.sdk.ChatAddress;
import dev.parley.core.testing.TestPki;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate over {@code https://}: the JDK's HTTPS server on loopback with certificates made here
 * stands in for the gate. The trusted authority is accepted, hostnames are verified unless
 * explicitly switched off, and the client certificate is presented when configured.
 */
class GateClientTlsTest {
  private static final String ROUTE = "{\"chat\":{\"host\":\"localhost\",\"port\":7443,\"tls\":true}}";

  @TempDir
  static Path dir;
  private static TlsTestCertificates certs;

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private HttpsServer server;

  @BeforeAll
  static void certificates() {
    certs = TlsTestCertificates.make(dir);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    pool.shutdownNow();
  }

  @Test
  void anHttpsGateSignedByTheTrustedAuthorityAnswers() throws Exception {
    start(certs.serverCertificate(), false);
    GateClient gate = gate("localhost", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true));
    assertThat(gate.route("t").get(5, TimeUnit.SECONDS)).isEqualTo(new ChatAddress("localhost", 7443, true, 0));
    assertThat(gate("127.0.0.1", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true)).route("t")
        .get(5, TimeUnit.SECONDS).tls()).isTrue();
  }

  @Test
  void aGateWithAnotherAuthoritysCertificateIsUnreachable() {
    start(certs.otherCaServer(), false);
    ChatException e = failure(gate("localhost", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true))
        .route("t"));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).contains("cannot reach gate").contains("https://localhost:");
  }

  @Test
  void aGateCertificateForAnotherNameIsRefusedUnlessHostnameVerificationIsExplicitlyOff() throws Exception {
    start(certs.wrongName(), false);
    ChatException e = failure(gate("localhost", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true))
        .route("t"));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);

    GateClient lax = gate("localhost", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, false));
    assertThat(lax.route("t").get(5, TimeUnit.SECONDS).port()).isEqualTo(7443);
  }

  @Test
  void theClientCertificateIsPresentedToAGateThatAsksForOne() throws Exception {
    start(certs.serverCertificate(), true);
    GateClient withCertificate = gate("localhost", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()),
        certs.clientCertificate().chain(), certs.clientCertificate().key(), true));
    assertThat(withCertificate.route("t").get(5, TimeUnit.SECONDS).host()).isEqualTo("CN=parley-client");

    GateClient without = gate("localhost", new ClientTls(ClientTls.trustFromPem(certs.pki().caFile()), null, null, true));
    assertThat(failure(without.route("t")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  /** Answers every route with {@link #ROUTE}, or, when it requires a client certificate, with its subject as the host. */
  private void start(TestPki.Issued certificate, boolean requireClientCertificate) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(certificate.bundle().toKeyManagerFactory().getKeyManagers(),
          ClientTls.trustFromPem(certs.pki().caFile()).getTrustManagers(), null);
      server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
          ssl.setNeedClientAuth(requireClientCertificate); // HttpsParameters' own flag alone is not applied
          params.setSSLParameters(ssl);
        }
      });
      server.createContext("/api/v1/routes", exchange -> {
        String body = ROUTE;
        if (requireClientCertificate) {
          body = "{\"chat\":{\"host\":\"" + subject((HttpsExchange) exchange) + "\",\"port\":7443,\"tls\":true}}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
      });
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(HttpsExchange exchange) {
    try {
      return ((X509Certificate) exchange.getSSLSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return "none";
    }
  }

  private GateClient gate(String host, ClientTls tls) {
    return new GateClient(URI.create("https://" + host + ":" + server.getAddress().getPort()), Duration.ofSeconds(3),
        Duration.ofSeconds(3), pool, tls);
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
    throw new AssertionError("the gate answered, but the call should have failed");
  }
}
