package dev.parley.storage.mysql;

import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.contract.UserStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code MysqlStorage.userStore()} against the {@link UserStore} contract, on a real MariaDB/MySQL. */
class MysqlUserStoreIT extends UserStoreContract {
  @RegisterExtension
  static final TestStorage DB = new TestStorage();

  @Override
  protected UserStore newStore() {
    return DB.storage().userStore();
  }
}
