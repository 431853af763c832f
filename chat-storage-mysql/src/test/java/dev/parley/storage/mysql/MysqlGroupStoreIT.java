package dev.parley.storage.mysql;

import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.contract.GroupStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code MysqlStorage.groupStore()} against the {@link GroupStore} contract, on a real MariaDB/MySQL. */
class MysqlGroupStoreIT extends GroupStoreContract {
  @RegisterExtension
  static final TestStorage DB = new TestStorage();

  @Override
  protected GroupStore newStore() {
    return DB.storage().groupStore();
  }
}
