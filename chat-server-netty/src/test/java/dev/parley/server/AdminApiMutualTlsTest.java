package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.testing.TestPki;
import dev.parley.server.testing.TestChatClient;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API behind mutual TLS with real certificates: a caller with a certificate the admin
 * CA signed is served and audited by its subject; one without a certificate, or with one another
 * CA signed, does not get past the handshake; and with a bearer secret configured as well, the
 * certificate alone is not enough.
 */
class AdminApiMutualTlsTest {
  private static final String SECRET = "mtls-secret-" + UUID.randomUUID();

  @TempDir Path dir;
  private TestPki adminCa;
  private TestPki otherCa;
  private ParleyServer server;
  private AuditLogCapture audit;

  @BeforeEach
  void setUp() {
    adminCa = TestPki.create(dir, "admin");
    otherCa = TestPki.create(dir, "other");
    audit = new AuditLogCapture();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    audit.close();
  }

  private void start(boolean alsoBearer) {
    TestPki.Issued serverCert = adminCa.issue("parley-admin");
    TlsSettings tls = TlsSettings.builder().certificateChain(serverCert.chain()).privateKey(serverCert.key())
        .trustedCertificates(adminCa.caFile()).clientAuth(TlsSettings.ClientAuth.REQUIRE).build();
    AdminApiSettings.Builder settings = AdminApiSettings.builder().port(0).tls(tls);
    if (alsoBearer) {
      settings.bearer("ops", SECRET);
    }
    server = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting()).adminApi(settings.build())
        .build().start();
  }

  private AdminHttp client(TestChatClient.Tls tls, String secret) {
    return new AdminHttp("https://localhost:" + server.adminPort(), secret, tls.sslContext());
  }

  @Test
  void aCertificateFromTheAdminCaIsServedAndAuditedByItsSubject() {
    start(false);
    TestPki.Issued caller = adminCa.issue("billing-backend");
    AdminHttp http = client(TestChatClient.Tls.withCertificate(adminCa.caFile(), caller.chain(), caller.key()), null);
    GateHttp.Reply created = http.post("/api/v1/admin/users", "{\"externalId\":\"m-1\",\"name\":\"mtls"
        + UUID.randomUUID().toString().substring(0, 6) + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=create-user", "CN=billing-backend",
        "outcome=OK"));
  }

  @Test
  void withoutAClientCertificateTheHandshakeFails() {
    start(false);
    AdminHttp http = client(TestChatClient.Tls.trusting(adminCa.caFile()), null);
    assertThatThrownBy(() -> http.get("/api/v1/admin/users/1")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() {
    start(false);
    TestPki.Issued stranger = otherCa.issue("billing-backend");
    AdminHttp http = client(TestChatClient.Tls.withCertificate(adminCa.caFile(), stranger.chain(), stranger.key()), null);
    assertThatThrownBy(() -> http.get("/api/v1/admin/users/1")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void withABearerSecretToo_theCertificateAloneIs401() {
    start(true);
    TestPki.Issued caller = adminCa.issue("billing-backend");
    TestChatClient.Tls tls = TestChatClient.Tls.withCertificate(adminCa.caFile(), caller.chain(), caller.key());
    assertThat(client(tls, null).get("/api/v1/admin/users/ext:none").status()).isEqualTo(401);
    GateHttp.Reply both = client(tls, SECRET).get("/api/v1/admin/users/ext:none");
    assertThat(both.status()).as(both.body()).isEqualTo(404);
    assertThat(audit.auditLines()).anySatisfy(l -> assertThat(l).contains("op=get-user", "ops (CN=billing-backend)",
        "outcome=NOT_FOUND"));
  }
}
