package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Multi-device across two nodes whose presence registry and node directory are a
 * {@link StatusServer} reached through {@link StatusClient} over real gRPC, as in a cluster.
 */
class MultiDeviceStatusServerTest extends MultiDeviceClusterContract {
  private StatusServer status;
  private StatusClient client;

  @Override
  protected ChatCluster newCluster() {
    status = StatusServer.builder().host("127.0.0.1")
        .nodeDirectory(new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()))
        .presence(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()))
        .shutdownGrace(Duration.ofMillis(200)).build().start();
    client = StatusClient.forAddress("127.0.0.1", status.port());
    return new ChatCluster(client, client);
  }

  @Override
  protected void closeBackends() {
    client.close();
    status.stop();
  }
}
