package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import java.time.Clock;
import java.time.Duration;

/** The offline push on two nodes that answer requests on their event loops (every backend in memory). */
class OfflinePushInMemoryTest extends OfflinePushContract {
  @Override
  protected ChatCluster newCluster() {
    return new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  }
}
