package dev.parley.bench.internal;

import dev.parley.server.TlsSettings;
import dev.parley.server.internal.tls.SelfSignedCertificates;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/**
 * TLS for load tests: a throwaway certificate authority and a server certificate it signs for
 * {@code localhost} and {@code 127.0.0.1} (made by the launcher's {@link SelfSignedCertificates}:
 * ECDSA P-256, valid 30 days), written as PEM files the way a deployment passes them, and the load clients' {@link SslContext} trusting that CA
 * (OpenSSL engine when netty-tcnative loads, so the client's TLS costs the generator as little as
 * it can; hostname verification on). Benchmark-only: the key is written unencrypted to a temporary
 * directory that {@link Files#close()} deletes. Stateless.
 */
public final class BenchTls {
  private BenchTls() {}

  /**
   * The PEM files of one generated server certificate.
   *
   * @param dir the directory holding the files
   * @param caFile the CA certificate: what clients trust
   * @param chainFile the server certificate, then the CA
   * @param keyFile the server's PKCS#8 private key
   */
  public record Files(Path dir, Path caFile, Path chainFile, Path keyFile) implements AutoCloseable {
    /** Deletes the files and their directory. */
    @Override
    public void close() {
      try (Stream<Path> s = java.nio.file.Files.list(dir)) {
        for (Path p : s.toList()) {
          java.nio.file.Files.deleteIfExists(p);
        }
        java.nio.file.Files.deleteIfExists(dir);
      } catch (IOException e) {
        // a temporary directory left behind is harmless
      }
    }
  }

  /**
   * Makes a CA and a server certificate for localhost / 127.0.0.1 in a new temporary directory,
   * with the generator {@code parley-server --tls-self-signed} uses.
   */
  public static Files generate() {
    try {
      Path dir = java.nio.file.Files.createTempDirectory("parley-bench-tls");
      SelfSignedCertificates.Written written = SelfSignedCertificates.generate(dir, Set.of());
      return new Files(dir, written.caFile(), written.chain(), written.key());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for the bench TLS files", e);
    }
  }

  /** The client engine {@link #clientContext} uses: "OpenSSL" when netty-tcnative loads, else "JDK". */
  public static String clientEngine() {
    return OpenSsl.isAvailable() ? "OpenSSL" : "JDK";
  }

  /**
   * A client context trusting {@code caFile} only, TLSv1.3 and TLSv1.2, hostname verification on
   * (the handler is made for the server's host name or address).
   */
  public static SslContext clientContext(Path caFile) {
    try {
      return SslContextBuilder.forClient().trustManager(caFile.toFile())
          .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols(TlsSettings.PROTOCOLS).endpointIdentificationAlgorithm("HTTPS").build();
    } catch (SSLException | RuntimeException e) {
      throw new IllegalArgumentException("cannot make a TLS client trusting " + caFile + ": " + e.getMessage(), e);
    }
  }
}
