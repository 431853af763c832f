package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import java.time.Clock;
import java.time.Duration;

/** Groups across two nodes sharing the in-process presence registry and node directory; Deliver over gRPC. */
class GroupClusterInMemoryTest extends GroupClusterContract {
  @Override
  protected ChatCluster newCluster() {
    return new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  }
}
