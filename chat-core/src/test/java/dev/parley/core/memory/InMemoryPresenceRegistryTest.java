package dev.parley.core.memory;

import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.contract.PresenceRegistryContract;
import java.time.Clock;
import java.time.Duration;

/** The in-memory implementation against its contract. */
class InMemoryPresenceRegistryTest extends PresenceRegistryContract {
  @Override
  protected PresenceRegistry newRegistry(Duration ttl, Clock clock) {
    return new InMemoryPresenceRegistry(ttl, clock);
  }
}
