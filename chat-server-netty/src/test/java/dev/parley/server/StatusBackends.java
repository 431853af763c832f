package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * A {@link StatusServer} on in-memory stores reached through a {@link StatusClient} over real gRPC:
 * the presence registry and node directory of a test cluster, as in a deployment. Closes both.
 */
final class StatusBackends implements AutoCloseable {
  private final StatusServer status;
  private final StatusClient client;

  StatusBackends() {
    status = StatusServer.builder().host("127.0.0.1")
        .nodeDirectory(new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()))
        .presence(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()))
        .shutdownGrace(Duration.ofMillis(200)).build().start();
    client = StatusClient.forAddress("127.0.0.1", status.port());
  }

  /** A cluster whose presence and directory are the status role. */
  ChatCluster cluster() {
    return new ChatCluster(client, client);
  }

  @Override
  public void close() {
    client.close();
    status.stop();
  }
}
