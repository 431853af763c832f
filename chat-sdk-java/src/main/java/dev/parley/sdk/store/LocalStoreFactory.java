package dev.parley.sdk.store;

import java.nio.file.Path;

/**
 * Opens the {@link LocalStore} for a user when a session logs in. The session owns the store it
 * gets and closes it when the session closes. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface LocalStoreFactory {
  /** Opens (or creates) the store for {@code userId}. */
  LocalStore open(long userId);

  /** A fresh {@link InMemoryLocalStore} per session: nothing survives the session. */
  static LocalStoreFactory inMemory() {
    return userId -> new InMemoryLocalStore();
  }

  /**
   * One {@link MvStoreLocalStore} file per user in {@code directory}: {@code user-<id>.mv.db}. Use
   * one directory per gate (the terminal client uses {@code <host>_<port>}): each file also records
   * the server deployment and mailbox epoch it copies, and a login to another deployment empties it
   * ({@link LocalStore#reset}), so sharing a directory between deployments is safe but re-syncs.
   */
  static LocalStoreFactory mvStore(Path directory) {
    return userId -> MvStoreLocalStore.open(directory.resolve("user-" + userId + ".mv.db"));
  }
}
