package dev.parley.core.memory;

import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.contract.FriendStoreContract;

/** The in-memory implementation against its contract. */
class InMemoryFriendStoreTest extends FriendStoreContract {
  private static final UserStore USERS = new InMemoryUserStore();
  private static final FriendStore FRIENDS = new InMemoryFriendStore();

  @Override
  protected UserStore userStore() {
    return USERS;
  }

  @Override
  protected FriendStore friendStore() {
    return FRIENDS;
  }
}
