package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.contract.MessageStoreContract;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract. */
class InMemoryMessageStoreTest extends MessageStoreContract {
  // shared across tests on purpose: the contract must not assume an empty store
  private static final UserStore USERS = new InMemoryUserStore();
  private static final MessageStore MESSAGES = new InMemoryMessageStore();

  @Override
  protected int concurrentAppendsPerThread() {
    return 4000;
  }

  @Override
  protected int concurrentDuplicateRounds() {
    return 1000;
  }

  @Override
  protected UserStore userStore() {
    return USERS;
  }

  @Override
  protected MessageStore messageStore() {
    return MESSAGES;
  }

  @Test
  void eachStoreIsADeploymentOfItsOwn() {
    // a restarted in-memory server starts again at seq 1, so its clients must see a new id
    assertThat(new InMemoryMessageStore().deploymentId()).isNotEqualTo(MESSAGES.deploymentId());
  }
}
