package dev.parley.storage.mysql;

import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.contract.BlockStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code MysqlStorage.blockStore()} against the {@link BlockStore} contract, on a real MariaDB/MySQL. */
class MysqlBlockStoreIT extends BlockStoreContract {
  @RegisterExtension
  static final TestStorage DB = new TestStorage();

  @Override
  protected BlockStore newStore() {
    return DB.storage().blockStore();
  }
}
