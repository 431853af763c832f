package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.contract.BlockStoreContract;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract. */
class InMemoryBlockStoreTest extends BlockStoreContract {
  // shared across tests on purpose: the contract must not assume an empty store
  private static final BlockStore STORE = new InMemoryBlockStore();

  @Override
  protected BlockStore newStore() {
    return STORE;
  }

  @Test
  void itRunsOnEventLoops() {
    assertThat(STORE).isInstanceOf(NonBlocking.class);
  }
}
