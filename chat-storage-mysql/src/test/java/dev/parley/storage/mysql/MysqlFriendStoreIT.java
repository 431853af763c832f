package dev.parley.storage.mysql;

import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.contract.FriendStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code MysqlStorage.friendStore()} against the {@link FriendStore} contract, on a real MariaDB/MySQL. */
class MysqlFriendStoreIT extends FriendStoreContract {
  @RegisterExtension
  static final TestStorage DB = new TestStorage();

  @Override
  protected UserStore userStore() {
    return DB.storage().userStore();
  }

  @Override
  protected FriendStore friendStore() {
    return DB.storage().friendStore();
  }
}
