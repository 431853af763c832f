package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.TestPki;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServerBuilder;
import dev.parley.server.TlsSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JourneyTest} over TLS: the gate serves HTTPS and the chat node's client port speaks TLS,
 * both with a certificate from a CA made here, which the client trusts through
 * {@code trustedCertificates}; hostnames are verified (the certificate names 127.0.0.1).
 */
class TlsJourneyTest extends JourneyTest {
  @TempDir
  static Path dir;
  private static TestPki pki;
  private static TlsSettings tls;

  @BeforeAll
  static void certificates() {
    pki = TestPki.create(dir, "journey");
    TestPki.Issued server = pki.issue("localhost");
    tls = TlsSettings.builder().certificateChain(server.chain()).privateKey(server.key()).build();
  }

  @Override
  ParleyServerBuilder serverSettings(ParleyServerBuilder builder) {
    return builder.gate(gate -> gate.tls(tls)).chatNode(node -> node.tls(tls));
  }

  @Override
  ParleyClient.Builder clientSettings(ParleyClient.Builder builder) {
    return builder.trustedCertificates(pki.caFile());
  }

  @Override
  void assertChatAddress(LoginResult login) {
    assertThat(server.gateUrl()).startsWith("https://");
    assertThat(login.chat().tls()).isTrue();
    assertThat(login.chat().wsPort()).isZero();
  }
}
