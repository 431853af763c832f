package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.LoginPolicy;
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
    r.bind(session(1, "s1"), LoginPolicy.single());
    r.bind(session(2, "s2"), LoginPolicy.single());
    clock.advance(TTL.multipliedBy(2));
    r.bind(session(3, "s3"), LoginPolicy.single());
    assertThat(r.size()).isEqualTo(1);
  }
}
