package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.contract.PresenceRegistryContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract, plus its own clean-up. */
class InMemoryPresenceRegistryTest extends PresenceRegistryContract {
  @Override
  protected PresenceRegistry newRegistry(Duration ttl, Clock clock) {
    return new InMemoryPresenceRegistry(ttl, clock);
  }

  @Test
  void expiredBindingsAreSweptOut() {
    InMemoryPresenceRegistry r = new InMemoryPresenceRegistry(TTL, clock);
    r.bind(1, "n", "s1");
    r.bind(2, "n", "s2");
    clock.advance(TTL.multipliedBy(2));
    r.bind(3, "n", "s3");
    assertThat(r.size()).isEqualTo(1);
  }
}
