package dev.parley.core.memory;

import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.contract.LoginLockContract;

/** The in-memory implementation against its contract. */
class InMemoryLoginLockTest extends LoginLockContract {
  @Override
  protected LoginLock newLock() {
    return new InMemoryLoginLock();
  }
}
