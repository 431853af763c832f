package dev.parley.core.memory;

import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.contract.UserStoreContract;

/** The in-memory implementation against its contract. */
class InMemoryUserStoreTest extends UserStoreContract {
  // shared across tests on purpose: the contract must not assume an empty store
  private static final UserStore SHARED = new InMemoryUserStore();

  @Override
  protected UserStore newStore() {
    return SHARED;
  }
}
