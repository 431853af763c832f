package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.testing.TestPki;
import dev.parley.server.testing.TestChatClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gate on HTTPS, with each engine, to a {@code java.net.http} client that trusts the test CA
 * and checks the host name: the account journey (code, register, login) works, and plain HTTP
 * sent to the HTTPS port is closed unanswered while HTTPS users keep being served.
 */
class GateHttpsJourneyTest {
  @TempDir Path dir;
  private GateFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Engine.class, names = {"OPENSSL", "JDK"})
  void requestCodeRegisterAndLoginOverHttps(TlsSettings.Engine engine) {
    fixture = startHttps(engine);

    GateHttp.Reply created = fixture.register("ann@example.com", "ann");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    GateHttp.Reply session = fixture.login("ann@example.com", GateFixture.PASSWORD);
    assertThat(session.status()).as(session.body()).isEqualTo(200);
    assertThat(session.json().get("userId").asLong()).isEqualTo(created.json().get("userId").asLong());
    assertThat(session.json().get("token").asText()).isNotBlank();
    assertThat(fixture.registry.scrape()).contains("parley_tls_handshakes_total{outcome=\"ok\",port=\"gate\"}");
    assertThat(failedHandshakes()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Engine.class, names = {"OPENSSL", "JDK"})
  void plainHttpToTheHttpsPortIsClosedUnansweredWhileHttpsUsersAreServed(TlsSettings.Engine engine) {
    fixture = startHttps(engine);
    assertThat(fixture.register("ann@example.com", "ann").status()).isEqualTo(201);

    try (RawHttpConnection plain = new RawHttpConnection(fixture.gate.port())) {
      plain.write("POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2\r\n\r\n{}");
      assertThat(plain.readUntilClosed()).doesNotContain("HTTP/1.1");
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(failedHandshakes()).isEqualTo(1.0));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.gate.port() + "/healthz"))
        .timeout(Duration.ofSeconds(10)).build();
    assertThatThrownBy(() -> http.send(health, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);

    // java.net.http retries an idempotent request once on a closed connection: one or two more failures
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(failedHandshakes()).isGreaterThan(1.0));
    GateHttp.Reply session = fixture.login("ann@example.com", GateFixture.PASSWORD);
    assertThat(session.status()).as(session.body()).isEqualTo(200);
  }

  private double failedHandshakes() {
    return fixture.registry.get("parley_tls_handshakes").tags("port", "gate", "outcome", "failed").counter().count();
  }

  private GateFixture startHttps(TlsSettings.Engine engine) {
    TestPki pki = TestPki.create(dir, "gate");
    TestPki.Issued cert = pki.issue("gate");
    TlsSettings tls = TlsSettings.builder().certificateChain(cert.chain()).privateKey(cert.key()).engine(engine)
        .build();
    return GateFixture.https(tls, TestChatClient.Tls.trusting(pki.caFile()).sslContext());
  }
}
