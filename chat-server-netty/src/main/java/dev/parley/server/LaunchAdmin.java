package dev.parley.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * The admin API flags of {@link ParleyServerMain}: off unless {@code --admin-port} is given; then a
 * bearer secret read from a file ({@code --admin-secret-file}, its principal {@code --admin-principal},
 * default "admin") and/or mutual TLS ({@code --admin-tls-cert}, {@code --admin-tls-key},
 * {@code --admin-client-ca}: all three) is required. Each flag has a {@code PARLEY_ADMIN_*} variable.
 * Not thread-safe; one per parse.
 */
final class LaunchAdmin {
  static final String DEFAULT_PRINCIPAL = "admin";

  private String port;
  private String host;
  private String secretFile;
  private String principal;
  private String cert;
  private String key;
  private String clientCa;

  LaunchAdmin(Map<String, String> env) {
    port = env.get("PARLEY_ADMIN_PORT");
    host = env.get("PARLEY_ADMIN_HOST");
    secretFile = env.get("PARLEY_ADMIN_SECRET_FILE");
    principal = env.get("PARLEY_ADMIN_PRINCIPAL");
    cert = env.get("PARLEY_ADMIN_TLS_CERT");
    key = env.get("PARLEY_ADMIN_TLS_KEY");
    clientCa = env.get("PARLEY_ADMIN_CLIENT_CA");
  }

  /** Takes {@code option value} when it is an admin flag. */
  boolean option(String option, String value) {
    switch (option) {
      case "--admin-port" -> port = value;
      case "--admin-host" -> host = value;
      case "--admin-secret-file" -> secretFile = value;
      case "--admin-principal" -> principal = value;
      case "--admin-tls-cert" -> cert = value;
      case "--admin-tls-key" -> key = value;
      case "--admin-client-ca" -> clientCa = value;
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Configures the admin API on {@code b} when asked for. @throws IllegalArgumentException for an incomplete set */
  ParleyServerBuilder apply(ParleyServerBuilder b) {
    boolean anyOther = host != null || secretFile != null || principal != null || cert != null || key != null
        || clientCa != null;
    if (port == null) {
      if (anyOther) {
        throw new IllegalArgumentException("the --admin-* options need --admin-port (the admin API is off without it)");
      }
      return b;
    }
    AdminApiSettings.Builder s = AdminApiSettings.builder().port(ParleyServerMain.port("--admin-port", port));
    if (host != null) {
      s.host(host);
    }
    if (secretFile != null) {
      s.bearerFile(principal == null ? DEFAULT_PRINCIPAL : principal, Path.of(secretFile));
    } else if (principal != null) {
      throw new IllegalArgumentException("--admin-principal names the holder of --admin-secret-file; give the file");
    }
    int tlsParts = (cert != null ? 1 : 0) + (key != null ? 1 : 0) + (clientCa != null ? 1 : 0);
    if (tlsParts != 0 && tlsParts != 3) {
      throw new IllegalArgumentException("--admin-tls-cert, --admin-tls-key and --admin-client-ca go together");
    }
    if (tlsParts == 3) {
      s.tls(TlsSettings.builder().certificateChain(Path.of(cert)).privateKey(Path.of(key))
          .trustedCertificates(Path.of(clientCa)).clientAuth(TlsSettings.ClientAuth.REQUIRE).build());
    }
    if (secretFile == null && tlsParts == 0) {
      throw new IllegalArgumentException("--admin-port needs --admin-secret-file or mutual TLS (--admin-tls-cert, "
          + "--admin-tls-key, --admin-client-ca)");
    }
    try {
      return b.adminApi(s.build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("admin API: " + e.getMessage(), e);
    }
  }
}
