package dev.parley.examples.cluster;

import dev.parley.server.TlsSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Mutual TLS on the gRPC between roles (status, verify, node-to-node): this member's certificate,
 * signed by the cluster CA and usable as server and client, its key, and the cluster CA. When set,
 * the role's gRPC server requires a client certificate the cluster CA signed, and its gRPC calls
 * present this one and check the server's against the CA and the target host. All three or none.
 * The files are read once at start: a new certificate needs a restart. Filled by picocli; not thread-safe.
 */
final class ClusterTlsOptions {
  @Option(names = "--cluster-tls-cert", paramLabel = "FILE", defaultValue = "${env:PARLEY_CLUSTER_TLS_CERT}",
      description = "PEM chain of this role's cluster certificate (gRPC server and client). Env PARLEY_CLUSTER_TLS_CERT")
  Path cert;

  @Option(names = "--cluster-tls-key", paramLabel = "FILE", defaultValue = "${env:PARLEY_CLUSTER_TLS_KEY}",
      description = "PEM private key (PKCS#8) of --cluster-tls-cert. Env PARLEY_CLUSTER_TLS_KEY")
  Path key;

  @Option(names = "--cluster-ca", paramLabel = "FILE", defaultValue = "${env:PARLEY_CLUSTER_CA}",
      description = "PEM cluster CA: the only signer of certificates accepted between roles. Env PARLEY_CLUSTER_CA")
  Path ca;

  /** The mutual-TLS settings, or empty for plaintext gRPC; {@link StartupRefused} for a partial set or bad files. */
  Optional<TlsSettings> settings() {
    if (cert == null && key == null && ca == null) {
      return Optional.empty();
    }
    if (cert == null || key == null || ca == null) {
      throw new StartupRefused("--cluster-tls-cert, --cluster-tls-key and --cluster-ca go together");
    }
    try {
      return Optional.of(TlsSettings.builder().certificateChain(cert).privateKey(key).trustedCertificates(ca)
          .clientAuth(TlsSettings.ClientAuth.REQUIRE).build());
    } catch (IllegalStateException e) {
      throw new StartupRefused("cluster TLS: " + e.getMessage());
    }
  }
}
