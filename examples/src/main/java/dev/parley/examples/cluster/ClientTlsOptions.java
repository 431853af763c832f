package dev.parley.examples.cluster;

import dev.parley.server.TlsSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * TLS on a role's client-facing port (the gate's HTTPS, a chat node's client port): PEM chain and
 * key, optional client CA and client-certificate mode, the engine. Without a certificate such a
 * port may only be plaintext on a loopback address, unless {@code --plaintext} says it is meant.
 * Filled by picocli; not thread-safe.
 */
final class ClientTlsOptions {
  @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:PARLEY_TLS_CERT}",
      description = "PEM certificate chain (server certificate first) of the client-facing port. Env PARLEY_TLS_CERT")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:PARLEY_TLS_KEY}",
      description = "PEM private key (PKCS#8, unencrypted) of --tls-cert. Env PARLEY_TLS_KEY")
  Path key;

  @Option(names = "--tls-client-ca", paramLabel = "FILE", defaultValue = "${env:PARLEY_TLS_CLIENT_CA}",
      description = "PEM CA whose client certificates the port accepts. Env PARLEY_TLS_CLIENT_CA")
  Path clientCa;

  @Option(names = "--tls-client-auth", defaultValue = "${env:PARLEY_TLS_CLIENT_AUTH:-none}",
      description = "none|optional|require (optional and require need --tls-client-ca). Env PARLEY_TLS_CLIENT_AUTH. "
          + "Default ${DEFAULT-VALUE}")
  TlsSettings.ClientAuth clientAuth;

  @Option(names = "--tls-engine", defaultValue = "${env:PARLEY_TLS_ENGINE:-auto}",
      description = "auto|openssl|jdk (auto: OpenSSL when it loads, else the JDK's). Env PARLEY_TLS_ENGINE. "
          + "Default ${DEFAULT-VALUE}")
  TlsSettings.Engine engine;

  @Option(names = "--plaintext", defaultValue = "${env:PARLEY_PLAINTEXT:-false}",
      description = "Allow the client-facing port plaintext on a non-loopback --host. Env PARLEY_PLAINTEXT")
  boolean plaintext;

  /**
   * The port's TLS settings, or empty for plaintext; {@link StartupRefused} for half a certificate,
   * files that do not load, or plaintext on a non-loopback {@code host} without {@code --plaintext}.
   */
  Optional<TlsSettings> settings(String host, String port) {
    if ((cert == null) != (key == null)) {
      throw new StartupRefused("--tls-cert and --tls-key go together");
    }
    if (cert == null) {
      if (!plaintext && !isLoopback(host)) {
        throw new StartupRefused("--host " + host + " is not a loopback address and the " + port + " has no TLS: "
            + "pass --tls-cert and --tls-key, or --plaintext to serve plaintext on purpose");
      }
      return Optional.empty();
    }
    TlsSettings.Builder b = TlsSettings.builder().certificateChain(cert).privateKey(key).clientAuth(clientAuth)
        .engine(engine);
    if (clientCa != null) {
      b.trustedCertificates(clientCa);
    }
    try {
      return Optional.of(b.build());
    } catch (IllegalStateException e) {
      throw new StartupRefused("TLS of the " + port + ": " + e.getMessage());
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new StartupRefused("--host " + host + " is not a known host name or address");
    }
  }
}
