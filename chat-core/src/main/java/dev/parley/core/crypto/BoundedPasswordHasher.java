package dev.parley.core.crypto;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.PasswordHasher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the hashing another {@link PasswordHasher} does at once. At most {@code concurrency}
 * calls run (each Argon2id call at the default cost holds 19 MiB), at most {@code maxWaiting}
 * callers wait for a turn, and any caller beyond that gets {@link ErrorCode#UNAVAILABLE} at once
 * with a {@link ChatException#retryAfter()} of {@link #RETRY_AFTER}, which the gate answers as
 * 503 with {@code Retry-After}. So a login flood from many addresses costs a bounded amount of
 * heap and CPU however many request threads the caller has.
 *
 * <p>The hashing runs on the calling thread once it holds a turn: the caller would block waiting
 * for a pool thread anyway, so a second pool would add a hand-off and threads, not a tighter bound.
 *
 * <p>Thread-safe; the delegate must be too.
 */
public final class BoundedPasswordHasher implements PasswordHasher {
  /** What a refused caller is told to wait before retrying. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final PasswordHasher delegate;
  private final int concurrency;
  private final int maxWaiting;
  private final Semaphore turns;
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * @param concurrency hashing calls that may run at once, at least 1
   * @param maxWaiting callers that may wait for a turn before the next is refused, at least 0
   */
  public BoundedPasswordHasher(PasswordHasher delegate, int concurrency, int maxWaiting) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (concurrency < 1 || maxWaiting < 0) {
      throw new IllegalArgumentException("concurrency must be >= 1 and maxWaiting >= 0, got concurrency="
          + concurrency + ", maxWaiting=" + maxWaiting);
    }
    this.concurrency = concurrency;
    this.maxWaiting = maxWaiting;
    this.turns = new Semaphore(concurrency, true);
  }

  /** {@code delegate} bounded to one call per core at a time, with four callers per core waiting at most. */
  public static BoundedPasswordHasher forCores(PasswordHasher delegate) {
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    return new BoundedPasswordHasher(delegate, cores, 4 * cores);
  }

  /** @throws ChatException UNAVAILABLE when every turn is taken and {@code maxWaiting} callers already wait */
  @Override
  public String hash(String password) {
    return inTurn(() -> delegate.hash(password));
  }

  /** @throws ChatException UNAVAILABLE when every turn is taken and {@code maxWaiting} callers already wait */
  @Override
  public boolean verify(String password, String hash) {
    return inTurn(() -> delegate.verify(password, hash));
  }

  /** Calls hashing right now (for gauges and error messages). */
  public int running() {
    return concurrency - turns.availablePermits();
  }

  /** Callers waiting for a turn right now. */
  public int waiting() {
    return waiting.get();
  }

  @Override
  public String toString() {
    return "BoundedPasswordHasher[" + describe() + ", " + delegate + "]";
  }

  private <T> T inTurn(Supplier<T> work) {
    if (!turns.tryAcquire()) {
      awaitTurn();
    }
    try {
      return work.get();
    } finally {
      turns.release();
    }
  }

  private void awaitTurn() {
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      throw ChatException.unavailable("password hashing is at capacity (" + describe() + "); retry shortly",
          RETRY_AFTER);
    }
    try {
      turns.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted while waiting to hash a password");
    } finally {
      waiting.decrementAndGet();
    }
  }

  private String describe() {
    return "concurrency=" + concurrency + ", running=" + running() + ", waiting=" + waiting() + ", maxWaiting="
        + maxWaiting;
  }
}
