package dev.parley.core.spi;

import java.util.function.Supplier;

/**
 * A per-user lock that serialises concurrent logins of the same user across every node, so
 * "newest session wins" holds even when two logins race. Implementations are thread-safe and
 * block; never call from an event loop.
 */
public interface LoginLock {
  /**
   * Runs {@code action} while holding {@code userId}'s lock.
   *
   * @throws dev.parley.core.ChatException {@code UNAVAILABLE} when the lock cannot be acquired in time
   */
  <T> T withLock(long userId, Supplier<T> action);
}
