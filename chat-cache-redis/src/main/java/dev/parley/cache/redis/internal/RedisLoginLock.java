package dev.parley.cache.redis.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.LoginLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LoginLock} on a Redisson {@link RLock} per user ({@code lock:login:<userId>}). Acquiring
 * waits at most the configured wait time, then fails with {@code UNAVAILABLE}; the lock is taken
 * with a lease, so a node that dies holding it blocks that user's logins for at most the lease.
 * The flip side: an action that outlives the lease no longer holds the lock (logged). The lock is
 * reentrant for the holding thread. Thread-safe; blocks, so never call it from an event loop.
 */
public final class RedisLoginLock implements LoginLock {
  private static final Logger LOG = LoggerFactory.getLogger(RedisLoginLock.class);

  private final RedissonClient redis;
  private final KeySpace keys;
  private final Duration wait;
  private final Duration lease;

  public RedisLoginLock(RedissonClient redis, KeySpace keys, Duration wait, Duration lease) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.wait = Objects.requireNonNull(wait, "wait");
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  @Override
  public <T> T withLock(long userId, Supplier<T> action) {
    Objects.requireNonNull(action, "action");
    RLock lock = redis.getLock(keys.loginLock(userId));
    acquire(userId, lock);
    try {
      return action.get();
    } finally {
      release(userId, lock);
    }
  }

  private void acquire(long userId, RLock lock) {
    boolean acquired;
    try {
      acquired = RedisCall.run("login lock", () -> tryLock(lock));
    } catch (LockInterrupted e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the login lock of user " + userId);
    }
    if (!acquired) {
      throw new ChatException(ErrorCode.UNAVAILABLE, "the login lock of user " + userId
          + " is held by another login; not acquired within " + wait.toMillis() + " ms");
    }
  }

  private boolean tryLock(RLock lock) {
    try {
      return lock.tryLock(wait.toMillis(), lease.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new LockInterrupted();
    }
  }

  private void release(long userId, RLock lock) {
    try {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      } else {
        LOG.warn("login of user {} outlived the login lock lease of {} ms; the lock was already released",
            userId, lease.toMillis());
      }
    } catch (RedisException e) {
      // the action's outcome stands; the lease frees the lock at the latest when it runs out
      LOG.warn("could not release the login lock of user {}; it frees itself within {} ms", userId, lease.toMillis(), e);
    }
  }

  /** Carries an interrupt out of the supplier that {@link RedisCall} runs. */
  private static final class LockInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockInterrupted() {
      super(null, null, false, false);
    }
  }
}
