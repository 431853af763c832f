package dev.parley.core.memory;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.NonBlocking;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link LoginLock} for one JVM: one {@link ReentrantLock} per user that currently holds or waits
 * for its lock. Entries are reference-counted and removed when the last holder or waiter leaves,
 * so the map holds only users with a login in progress. Different users never block each other.
 * Thread-safe.
 */
public final class InMemoryLoginLock implements LoginLock, NonBlocking {
  /** How long {@link #withLock} waits by default before failing with UNAVAILABLE. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Map<Long, CountedLock> locks = new ConcurrentHashMap<>();
  private final long timeoutNanos;

  /** A lock that waits at most {@link #DEFAULT_TIMEOUT}. */
  public InMemoryLoginLock() {
    this(DEFAULT_TIMEOUT);
  }

  /** A lock that waits at most {@code timeout} before failing with UNAVAILABLE. */
  public InMemoryLoginLock(Duration timeout) {
    this.timeoutNanos = Durations.requirePositive(timeout, "timeout").toNanos();
  }

  @Override
  public <T> T withLock(long userId, Supplier<T> action) {
    Objects.requireNonNull(action, "action");
    CountedLock counted = locks.compute(userId, (id, c) -> c == null ? new CountedLock() : c.retain());
    try {
      acquire(counted.lock, userId);
      try {
        return action.get();
      } finally {
        counted.lock.unlock();
      }
    } finally {
      locks.computeIfPresent(userId, (id, c) -> c.release() ? null : c);
    }
  }

  /** How many users currently have a lock entry (holders or waiters); for leak tests. */
  int lockedUsers() {
    return locks.size();
  }

  private void acquire(ReentrantLock lock, long userId) {
    try {
      if (!lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new ChatException(ErrorCode.UNAVAILABLE, "login lock of user " + userId + " not acquired within "
            + Duration.ofNanos(timeoutNanos));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted waiting for the login lock of user " + userId, e);
    }
  }

  /** A lock plus how many threads hold or wait for it; the count changes only inside map operations. */
  private static final class CountedLock {
    final ReentrantLock lock = new ReentrantLock();
    int users = 1;

    CountedLock retain() {
      users++;
      return this;
    }

    /** Drops one user; true when none is left and the entry should go. */
    boolean release() {
      return --users == 0;
    }
  }
}
