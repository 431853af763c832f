package dev.parley.examples.cluster;

import dev.parley.server.StatusClient;
import dev.parley.server.TlsSettings;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the status role is, for the roles that use it as their node directory (gate, chat nodes).
 * Filled by picocli; not thread-safe.
 */
final class StatusOptions {
  @Option(names = "--status", paramLabel = "HOST:PORT", defaultValue = "${env:PARLEY_STATUS_ADDR:-127.0.0.1:9100}",
      description = "The status role. Env PARLEY_STATUS_ADDR. Default ${DEFAULT-VALUE}")
  HostPort address;

  @Option(names = "--startup-wait", defaultValue = "${env:PARLEY_STARTUP_WAIT:-60s}",
      description = "How long to wait at start for the status role to answer. Env PARLEY_STARTUP_WAIT. "
          + "Default ${DEFAULT-VALUE}")
  Duration startupWait;

  /**
   * A client of the status role, over mutual TLS with {@code clusterTls} when present, returned
   * once the role answers (the caller closes it).
   */
  StatusClient connect(Optional<TlsSettings> clusterTls) throws InterruptedException {
    StatusClient.Builder b = StatusClient.builder().address(address.host(), address.port());
    clusterTls.ifPresent(b::tls);
    StatusClient client = b.build();
    try {
      StartupWait.until("status role at " + address, startupWait, client::liveNodes);
      return client;
    } catch (RuntimeException | InterruptedException e) {
      client.close();
      throw e;
    }
  }
}
