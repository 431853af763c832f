package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Override
  protected TokenStore newStore(Duration ttl, Clock clock, int maxTokensPerUser) {
    return new InMemoryTokenStore(ttl, clock, maxTokensPerUser);
  }

  @Test
  void expiredTokensAreSweptOut() {
    InMemoryTokenStore store = new InMemoryTokenStore(TTL, clock);
    store.issue(1);
    store.issue(2);
    clock.advance(TTL.multipliedBy(2));
    store.issue(3);
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.usersTracked()).as("users whose tokens all expired are forgotten").isEqualTo(1);
  }

  @Test
  void aBoundBelowOneIsRefused() {
    assertThatThrownBy(() -> new InMemoryTokenStore(TTL, clock, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }
}
