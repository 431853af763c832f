package dev.parley.server.internal.tls;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A throwaway certificate authority and a server certificate it signs, written as PEM files, for
 * {@code parley-server --tls-self-signed}: local trials only. The certificate names
 * {@code localhost}, {@code 127.0.0.1} and the advertised host, is valid for 30 days, and its key
 * exists only in the directory given; a deployment passes certificates of its own.
 *
 * <p>Made with netty-pkitesting (an optional dependency of this module, present in the launcher's
 * class path). Stateless.
 */
public final class SelfSignedCertificates {
  private static final Duration VALIDITY = Duration.ofDays(30);

  /** The files written: the CA certificate clients trust, the server's chain (leaf, CA) and its PKCS#8 key. */
  public record Written(Path caFile, Path chain, Path key) {}

  private SelfSignedCertificates() {}

  /** Writes a new CA and a server certificate for localhost, 127.0.0.1 and {@code hosts} into {@code dir}. */
  public static Written generate(Path dir, Set<String> hosts) {
    Instant now = Instant.now();
    try {
      Files.createDirectories(dir);
      X509Bundle ca = new CertificateBuilder().subject("CN=Parley throwaway CA (parley-server --tls-self-signed)")
          .setIsCertificateAuthority(true).notBefore(now.minus(Duration.ofMinutes(5))).notAfter(now.plus(VALIDITY))
          .ecp256().buildSelfSigned();
      CertificateBuilder leaf = new CertificateBuilder().subject("CN=localhost")
          .notBefore(now.minus(Duration.ofMinutes(5))).notAfter(now.plus(VALIDITY)).ecp256()
          .addExtendedKeyUsageServerAuth();
      Set<String> names = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1"));
      names.addAll(hosts);
      for (String name : names) {
        if (isIpAddress(name)) {
          leaf.addSanIpAddress(name);
        } else {
          leaf.addSanDnsName(name);
        }
      }
      X509Bundle server = leaf.buildIssuedBy(ca);
      return new Written(write(dir.resolve("ca.pem"), ca.getCertificatePEM()),
          write(dir.resolve("server-chain.pem"), server.getCertificatePathPEM()),
          write(dir.resolve("server-key.pem"), server.getPrivateKeyPEM()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the self-signed certificate into " + dir, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static Path write(Path file, String pem) throws IOException {
    Files.writeString(file, pem);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // a non-POSIX file system keeps its default permissions
    }
    return file;
  }
}
