package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.contract.TokenStoreContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract, plus its own clean-up. */
class InMemoryTokenStoreTest extends TokenStoreContract {
  @Override
  protected TokenStore newStore(Duration ttl, Clock clock) {
    return new InMemoryTokenStore(ttl, clock);
  }

  @Test
  void expiredTokensAreSweptOut() {
    InMemoryTokenStore store = new InMemoryTokenStore(TTL, clock);
    store.issue(1);
    store.issue(2);
    clock.advance(TTL.multipliedBy(2));
    store.issue(3);
    assertThat(store.size()).isEqualTo(1);
  }
}
