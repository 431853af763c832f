package dev.parley.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.testing.TestPki;
import dev.parley.server.ParleyServer;
import dev.parley.server.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's TLS example runs against a server whose gate and chat node both have TLS. */
class SecureClientTest {
  @TempDir
  Path dir;

  @Test
  void logsInOverHttpsAndOpensATlsSession() throws Exception {
    TestPki pki = TestPki.create(dir, "readme");
    TestPki.Issued certificate = pki.issue("localhost");
    TlsSettings tls = TlsSettings.builder().certificateChain(certificate.chain()).privateKey(certificate.key()).build();
    ParleyServer server = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting())
        .gate(g -> g.tls(tls)).chatNode(n -> n.tls(tls)).build().start();
    PrintStream console = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      server.seedUsers(1, "secure", "correct horse 42");
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      SecureClient.main(new String[] {server.gateUrl(), pki.caFile().toString(), "secure1@seed.invalid",
          "correct horse 42"});
    } finally {
      System.setOut(console);
      server.stop();
    }
    assertThat(server.gateUrl()).startsWith("https://");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(tls)").contains("logged in as user");
  }
}
