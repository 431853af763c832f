package dev.parley.sdk.store;

import dev.parley.sdk.internal.DeviceIds;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens the {@link LocalStore} for a user's session on this device when it logs in, and may say
 * which device this installation is. The session owns the store it gets and closes it when the
 * session closes. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface LocalStoreFactory {
  /** Opens (or creates) the store for {@code userId}. */
  LocalStore open(long userId);

  /**
   * Opens (or creates) the store for {@code userId} on the device {@code deviceId}: a store holds
   * the copy of one user's mailbox as one device received it. Default: {@link #open(long)}.
   */
  default LocalStore open(long userId, String deviceId) {
    return open(userId);
  }

  /**
   * The device id of this installation, used when {@link dev.parley.sdk.ParleyClient.Builder#deviceId}
   * sets none; null (the default) when the factory keeps none, and then each
   * {@link dev.parley.sdk.ParleyClient} makes a random one (so every run is a new device).
   */
  default String deviceId() {
    return null;
  }

  /**
   * A fresh {@link InMemoryLocalStore} per session: nothing survives the session. Its
   * {@link #deviceId()} is random, one per factory returned.
   */
  static LocalStoreFactory inMemory() {
    String deviceId = DeviceIds.random();
    return new LocalStoreFactory() {
      @Override
      public LocalStore open(long userId) {
        return new InMemoryLocalStore();
      }

      @Override
      public String deviceId() {
        return deviceId;
      }
    };
  }

  /**
   * One {@link MvStoreLocalStore} file per user and device in {@code directory}:
   * {@code user-<id>-<deviceId>.mv.db} (a ':' in the device id written as {@code %3A}). Use one
   * directory per gate (the terminal client uses {@code <host>_<port>}): each file also records the
   * server deployment and mailbox epoch it copies, and a login to another deployment empties it
   * ({@link LocalStore#reset}), so sharing a directory between deployments is safe but re-syncs.
   *
   * <p>The directory also keeps this installation's device id, in the file {@code device-id}: made
   * at random on first use, then read back on every run (a file that holds no valid id is replaced,
   * which makes the installation a new device). A file {@code user-<id>.mv.db} written by an SDK
   * before device ids is not read: the first session of each device syncs its history again from
   * the server once (the old file can be deleted).
   */
  static LocalStoreFactory mvStore(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return new LocalStoreFactory() {
      private volatile String deviceId;

      @Override
      public LocalStore open(long userId) {
        return open(userId, deviceId());
      }

      @Override
      public LocalStore open(long userId, String device) {
        return MvStoreLocalStore.open(directory.resolve("user-" + userId + "-" + DeviceIds.fileNamePart(device) + ".mv.db"));
      }

      @Override
      public String deviceId() {
        String id = deviceId;
        if (id == null) {
          synchronized (this) {
            if (deviceId == null) {
              deviceId = DeviceIdFile.readOrCreate(directory);
            }
            id = deviceId;
          }
        }
        return id;
      }
    };
  }
}
