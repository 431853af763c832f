package dev.parley.examples.cluster;

import dev.parley.server.StatusClient;
import java.time.Duration;
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

  /** A client of the status role, returned once the role answers (the caller closes it). */
  StatusClient connect() throws InterruptedException {
    StatusClient client = StatusClient.forAddress(address.host(), address.port());
    try {
      StartupWait.until("status role at " + address, startupWait, client::liveNodes);
      return client;
    } catch (RuntimeException | InterruptedException e) {
      client.close();
      throw e;
    }
  }
}
