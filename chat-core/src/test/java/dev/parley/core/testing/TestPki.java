package dev.parley.core.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Real X.509 certificates for tests, written as PEM files the way a deployment passes them: a
 * certificate authority of its own, and leaf certificates it signs (valid for {@code localhost}
 * and {@code 127.0.0.1}, usable by servers and clients alike, as cluster members use theirs), or
 * expired ones, or ones for another host name. Two {@code TestPki}s are two unrelated CAs, so a
 * certificate from one is "signed by the wrong CA" for the other.
 *
 * <p>Not thread-safe; each test makes its own in a temporary directory.
 */
public final class TestPki {
  /** A leaf certificate's PEM files: {@code chain} (leaf then CA) and its PKCS#8 {@code key}. */
  public record Issued(Path chain, Path key, X509Bundle bundle) {}

  private static final Duration VALIDITY = Duration.ofDays(2);

  private final Path dir;
  private final String name;
  private final X509Bundle ca;
  private final Path caFile;
  private int issued;

  private TestPki(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    Instant now = Instant.now();
    try {
      this.ca = new CertificateBuilder().subject("CN=Parley test CA " + name).setIsCertificateAuthority(true)
          .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(VALIDITY)).ecp256().buildSelfSigned();
      this.caFile = write(name + "-ca.pem", ca.getCertificatePEM());
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the test CA", e);
    }
  }

  /** A new CA named {@code name}; its files go into {@code dir}. */
  public static TestPki create(Path dir, String name) {
    return new TestPki(dir, name);
  }

  /** The CA certificate (PEM): what peers trust. */
  public Path caFile() {
    return caFile;
  }

  /** A valid certificate for localhost / 127.0.0.1 named {@code cn}, for server and client use. */
  public Issued issue(String cn) {
    Instant now = Instant.now();
    return issue(cn, "localhost", now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
  }

  /** A certificate that expired an hour ago. */
  public Issued issueExpired(String cn) {
    Instant now = Instant.now();
    return issue(cn, "localhost", now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)));
  }

  /** A valid certificate whose only name is {@code dnsName} (no IP address): for hostname checks. */
  public Issued issueForHost(String cn, String dnsName) {
    Instant now = Instant.now();
    return issue(cn, dnsName, now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
  }

  private Issued issue(String cn, String dnsName, Instant notBefore, Instant notAfter) {
    try {
      CertificateBuilder b = new CertificateBuilder().subject("CN=" + cn).notBefore(notBefore).notAfter(notAfter)
          .ecp256().addSanDnsName(dnsName).addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth();
      if (dnsName.equals("localhost")) {
        b.addSanIpAddress("127.0.0.1");
      }
      X509Bundle leaf = b.buildIssuedBy(ca);
      int n = ++issued;
      Path chain = write(name + "-" + n + "-" + cn + "-chain.pem", leaf.getCertificatePathPEM());
      Path key = write(name + "-" + n + "-" + cn + "-key.pem", leaf.getPrivateKeyPEM());
      return new Issued(chain, key, leaf);
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue a test certificate for " + cn, e);
    }
  }

  private Path write(String file, String pem) {
    try {
      return Files.writeString(dir.resolve(file), pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
