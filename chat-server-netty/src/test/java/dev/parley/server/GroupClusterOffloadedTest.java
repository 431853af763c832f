package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The group contract with every request on the blocking-work threads: group fan-outs then run on
 * the push lanes (one per group, in the order of the group's stores), as with blocking backends.
 */
class GroupClusterOffloadedTest extends GroupClusterContract {
  @Override
  protected ChatCluster newCluster() {
    return new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC())).offloadAllRequests();
  }
}
