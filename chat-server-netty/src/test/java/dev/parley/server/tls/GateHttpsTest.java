package dev.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.VerificationService;
import dev.parley.core.testing.TestPki;
import dev.parley.server.GateServer;
import dev.parley.server.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The gate over HTTPS with each engine: served, untrusted clients refused, certificate reloaded. */
class GateHttpsTest {
  @TempDir Path dir;
  private GateServer gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.stop();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Engine.class, names = {"OPENSSL", "JDK"})
  void servesHttpsAndReloadsAChangedCertificate(TlsSettings.Engine engine) throws Exception {
    TestPki pki = TestPki.create(dir, "gate");
    TestPki.Issued first = pki.issue("gate-1");
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(first.chain(), chain);
    Files.copy(first.key(), key);
    gate = startGate(TlsSettings.builder().certificateChain(chain).privateKey(key).engine(engine)
        .reloadInterval(Duration.ofMillis(100)).build());
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(pki.caFile())).build();
    URI health = URI.create("https://localhost:" + gate.port() + "/healthz");

    HttpResponse<String> r = client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(subject(r)).contains("CN=gate-1");
    assertThat(gate.meterRegistry().scrape()).contains("parley_tls_handshakes_total{outcome=\"ok\",port=\"gate\"}");

    TestPki.Issued second = pki.issue("gate-2");
    Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(second.chain(), chain, StandardCopyOption.REPLACE_EXISTING);
    // the modification time may not move within the file system's resolution: the reload also compares sizes,
    // and a new key and chain differ in content; make the time move for certain
    Files.setLastModifiedTime(chain, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      HttpClient fresh = HttpClient.newBuilder().sslContext(trusting(pki.caFile())).build();
      HttpResponse<String> again = fresh.send(HttpRequest.newBuilder(health).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(subject(again)).contains("CN=gate-2");
    });
  }

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Engine.class, names = {"OPENSSL", "JDK"})
  void aClientThatDoesNotTrustTheCaIsRefused(TlsSettings.Engine engine) throws Exception {
    TestPki pki = TestPki.create(dir, "gate");
    TestPki other = TestPki.create(dir, "other");
    TestPki.Issued cert = pki.issue("gate");
    gate = startGate(TlsSettings.builder().certificateChain(cert.chain()).privateKey(cert.key()).engine(engine)
        .build());
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(other.caFile())).build();
    URI health = URI.create("https://localhost:" + gate.port() + "/healthz");
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(gate.meterRegistry().scrape())
        .contains("parley_tls_handshakes_total{outcome=\"failed\",port=\"gate\"} 1.0"));
  }

  private GateServer startGate(TlsSettings tls) {
    Clock clock = Clock.systemUTC();
    InMemoryVerificationCodes codes = new InMemoryVerificationCodes(Duration.ofMinutes(10), 5, Duration.ofSeconds(60),
        clock);
    AccountService accounts = new AccountService(new InMemoryUserStore(clock), codes,
        new VerificationService(codes, mail -> { }), new InMemoryTokenStore(Duration.ofHours(1), clock),
        Argon2PasswordHasher.forTesting(), new InMemoryRateLimiter(clock),
        new InMemoryNodeDirectory(Duration.ofSeconds(45), clock), ChatLimits.defaults());
    return GateServer.builder().port(0).accountService(accounts).tls(tls).build().start();
  }

  private static String subject(HttpResponse<?> r) {
    SSLSession s = r.sslSession().orElseThrow();
    try {
      return ((X509Certificate) s.getPeerCertificates()[0]).getSubjectX500Principal().getName();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static SSLContext trusting(Path caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (var in = Files.newInputStream(caPem)) {
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (IOException e) {
      throw e;
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
