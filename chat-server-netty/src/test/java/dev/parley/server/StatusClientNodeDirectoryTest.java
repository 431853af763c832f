package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.contract.NodeDirectoryContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The NodeDirectory contract through a {@link StatusClient} talking real gRPC to a
 * {@link StatusServer} backed by the in-memory directory (which gets the contract's clock).
 */
class StatusClientNodeDirectoryTest extends NodeDirectoryContract {
  private final StatusLoopback loopback = new StatusLoopback();

  @Override
  protected NodeDirectory newDirectory(Duration staleAfter, Clock clock) {
    return loopback.client(new InMemoryNodeDirectory(staleAfter, clock), new InMemoryPresenceRegistry());
  }

  @AfterEach
  void close() {
    loopback.close();
  }
}
