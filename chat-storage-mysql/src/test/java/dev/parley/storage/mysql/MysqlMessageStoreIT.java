package dev.parley.storage.mysql;

import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.contract.MessageStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code MysqlStorage.messageStore()} against the {@link MessageStore} contract, on a real MariaDB/MySQL. */
class MysqlMessageStoreIT extends MessageStoreContract {
  @RegisterExtension
  static final TestStorage DB = new TestStorage();

  @Override
  protected UserStore userStore() {
    return DB.storage().userStore();
  }

  @Override
  protected MessageStore messageStore() {
    return DB.storage().messageStore();
  }
}
