package dev.parley.core.memory;

import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.contract.TokenStoreContract;
import java.time.Clock;
import java.time.Duration;

/** The in-memory implementation against its contract. */
class InMemoryTokenStoreTest extends TokenStoreContract {
  @Override
  protected TokenStore newStore(Duration ttl, Clock clock) {
    return new InMemoryTokenStore(ttl, clock);
  }
}
