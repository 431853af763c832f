package dev.parley.sdk.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Certificates made for one test, written as PEM files into a directory the test owns: a
 * certificate authority; a server certificate it signed for {@code localhost} and
 * {@code 127.0.0.1}; one it signed for another name only ({@code other.example}); a client
 * certificate it signed; and an unrelated authority with a server certificate for
 * {@code localhost}/{@code 127.0.0.1} (the "wrong CA"). Keys are unencrypted PKCS#8. Immutable.
 */
public final class TestPki {
  /** A certificate (chain, leaf first) and its key, as PEM files. */
  public record Pair(X509Bundle bundle, Path chain, Path key) {}

  public final X509Bundle ca;
  public final Path caPem;
  public final Pair server;
  public final Pair wrongName;
  public final Pair client;
  public final Path otherCaPem;
  public final Pair otherCaServer;

  private TestPki(Path dir) throws Exception {
    Instant now = Instant.now();
    CertificateBuilder template = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
        .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
    ca = template.copy().subject("CN=Parley Test CA").setIsCertificateAuthority(true).buildSelfSigned();
    caPem = write(dir.resolve("ca.pem"), ca.getCertificatePEM());
    server = pair(dir, "server", serverCert(template, "CN=localhost", "localhost", "127.0.0.1").buildIssuedBy(ca));
    wrongName = pair(dir, "wrong-name", serverCert(template, "CN=other.example", "other.example", null).buildIssuedBy(ca));
    client = pair(dir, "client", template.copy().subject("CN=parley-client").addExtendedKeyUsageClientAuth()
        .buildIssuedBy(ca));
    X509Bundle otherCa = template.copy().subject("CN=Some Other CA").setIsCertificateAuthority(true).buildSelfSigned();
    otherCaPem = write(dir.resolve("other-ca.pem"), otherCa.getCertificatePEM());
    otherCaServer = pair(dir, "other-ca-server",
        serverCert(template, "CN=localhost", "localhost", "127.0.0.1").buildIssuedBy(otherCa));
  }

  /** Makes the certificates and writes them into {@code dir}. */
  public static TestPki create(Path dir) {
    try {
      return new TestPki(dir);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the test certificates: " + e, e);
    }
  }

  private static CertificateBuilder serverCert(CertificateBuilder template, String subject, String dns, String ip) {
    CertificateBuilder b = template.copy().subject(subject).addSanDnsName(dns).addExtendedKeyUsageServerAuth();
    return ip == null ? b : b.addSanIpAddress(ip);
  }

  private static Pair pair(Path dir, String name, X509Bundle bundle) {
    return new Pair(bundle, write(dir.resolve(name + ".pem"), bundle.getCertificatePathPEM()),
        write(dir.resolve(name + "-key.pem"), bundle.getPrivateKeyPEM()));
  }

  private static Path write(Path file, String pem) {
    try {
      return Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
