package dev.parley.storage.mysql;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension giving a test class one {@link MysqlStorage} on its own throw-away database:
 * created before the class, closed and dropped after it. Register it on a static field.
 */
final class TestStorage implements BeforeAllCallback, AfterAllCallback {
  /** Enough connections for the contracts' racing threads to run truly concurrently. */
  private static final int POOL_SIZE = 8;

  private TestDatabase database;
  private MysqlStorage storage;

  @Override
  public void beforeAll(ExtensionContext context) {
    database = new TestDatabase();
    storage = database.storage().maximumPoolSize(POOL_SIZE).build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (storage != null) {
        storage.close();
      }
    } finally {
      database.close();
    }
  }

  MysqlStorage storage() {
    if (storage == null) {
      throw new IllegalStateException("the storage is created before all tests of the class");
    }
    return storage;
  }
}
