package dev.parley.examples.cluster;

import dev.parley.server.AdminApiSettings;
import dev.parley.server.TlsSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The gate's admin API (off unless {@code --admin-port} is set): its own listener, bound to
 * {@code --admin-host} (loopback by default), open to the holder of the secret in
 * {@code --admin-secret-file} and/or, with {@code --admin-tls-cert}, {@code --admin-tls-key} and
 * {@code --admin-client-ca}, to callers with a certificate that CA signed (mutual TLS). Filled by
 * picocli; not thread-safe.
 */
final class AdminOptions {
  @Option(names = "--admin-port", defaultValue = "${env:PARLEY_ADMIN_PORT}",
      description = "Serve the admin API (/api/v1/admin/...) on this port; off without it. Env PARLEY_ADMIN_PORT")
  Integer port;

  @Option(names = "--admin-host", defaultValue = "${env:PARLEY_ADMIN_HOST:-127.0.0.1}",
      description = "Address of the admin port. Env PARLEY_ADMIN_HOST. Default ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--admin-secret-file", paramLabel = "FILE", defaultValue = "${env:PARLEY_ADMIN_SECRET_FILE}",
      description = "File holding the admin bearer secret (32+ characters). Env PARLEY_ADMIN_SECRET_FILE")
  Path secretFile;

  @Option(names = "--admin-principal", defaultValue = "${env:PARLEY_ADMIN_PRINCIPAL:-admin}",
      description = "Who the audit log names as the secret's holder. Default ${DEFAULT-VALUE}")
  String principal;

  @Option(names = "--admin-tls-cert", paramLabel = "FILE", defaultValue = "${env:PARLEY_ADMIN_TLS_CERT}",
      description = "PEM chain of the admin port's HTTPS certificate. Env PARLEY_ADMIN_TLS_CERT")
  Path cert;

  @Option(names = "--admin-tls-key", paramLabel = "FILE", defaultValue = "${env:PARLEY_ADMIN_TLS_KEY}",
      description = "Its PEM private key (PKCS#8). Env PARLEY_ADMIN_TLS_KEY")
  Path key;

  @Option(names = "--admin-client-ca", paramLabel = "FILE", defaultValue = "${env:PARLEY_ADMIN_CLIENT_CA}",
      description = "PEM CA whose client certificates may call the admin API. Env PARLEY_ADMIN_CLIENT_CA")
  Path clientCa;

  /** The settings, or empty when the admin API is off; {@link StartupRefused} for an incomplete set. */
  Optional<AdminApiSettings> settings() {
    int tlsParts = (cert != null ? 1 : 0) + (key != null ? 1 : 0) + (clientCa != null ? 1 : 0);
    if (port == null) {
      if (secretFile != null || tlsParts > 0) {
        throw new StartupRefused("the --admin-* options need --admin-port (the admin API is off without it)");
      }
      return Optional.empty();
    }
    if (tlsParts != 0 && tlsParts != 3) {
      throw new StartupRefused("--admin-tls-cert, --admin-tls-key and --admin-client-ca go together");
    }
    try {
      AdminApiSettings.Builder b = AdminApiSettings.builder().host(host).port(port);
      if (secretFile != null) {
        b.bearerFile(principal, secretFile);
      }
      if (tlsParts == 3) {
        b.tls(TlsSettings.builder().certificateChain(cert).privateKey(key).trustedCertificates(clientCa)
            .clientAuth(TlsSettings.ClientAuth.REQUIRE).build());
      }
      return Optional.of(b.build());
    } catch (RuntimeException e) {
      throw new StartupRefused("admin API: " + e.getMessage());
    }
  }
}
