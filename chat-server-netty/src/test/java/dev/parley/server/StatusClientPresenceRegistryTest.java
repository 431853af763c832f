package dev.parley.server;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.contract.PresenceRegistryContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The PresenceRegistry contract through a {@link StatusClient} talking real gRPC to a
 * {@link StatusServer} backed by the in-memory registry (which gets the contract's clock).
 */
class StatusClientPresenceRegistryTest extends PresenceRegistryContract {
  private final StatusLoopback loopback = new StatusLoopback();

  @Override
  protected PresenceRegistry newRegistry(Duration ttl, Clock clock) {
    return loopback.client(new InMemoryNodeDirectory(), new InMemoryPresenceRegistry(ttl, clock));
  }

  @AfterEach
  void close() {
    loopback.close();
  }
}
