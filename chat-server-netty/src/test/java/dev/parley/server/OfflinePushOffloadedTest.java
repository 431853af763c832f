package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import java.time.Clock;
import java.time.Duration;

/** The offline push on two nodes that run requests on their blocking-work threads and pushes on their push lanes. */
class OfflinePushOffloadedTest extends OfflinePushContract {
  @Override
  protected ChatCluster newCluster() {
    return new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC())).offloadAllRequests();
  }
}
