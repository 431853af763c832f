package dev.parley.core.memory;

import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.contract.NodeDirectoryContract;
import java.time.Clock;
import java.time.Duration;

/** The in-memory implementation against its contract. */
class InMemoryNodeDirectoryTest extends NodeDirectoryContract {
  @Override
  protected NodeDirectory newDirectory(Duration staleAfter, Clock clock) {
    return new InMemoryNodeDirectory(staleAfter, clock);
  }
}
