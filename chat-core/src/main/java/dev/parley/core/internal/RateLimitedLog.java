package dev.parley.core.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning that may repeat at a high rate (a failing hook called per message) at most once per
 * interval, saying how many were left out since the last one. Thread-safe; lock-free.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextAllowed;
  private final AtomicLong suppressed = new AtomicLong();

  public RateLimitedLog(Logger log, Duration interval) {
    this.log = Objects.requireNonNull(log, "log");
    this.intervalNanos = interval.toNanos();
    this.nextAllowed = new AtomicLong(System.nanoTime());
  }

  /**
   * Logs {@code format} with {@code args} (SLF4J style; a last {@code Throwable} is printed with its
   * stack) unless one was logged within the interval, which is then counted instead.
   */
  public void warn(String format, Object... args) {
    long now = System.nanoTime();
    long next = nextAllowed.get();
    if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long left = suppressed.getAndSet(0);
    log.warn(left == 0 ? format : format + " [" + left + " similar warnings suppressed]", args);
  }

  /** Warnings counted instead of logged since the last one logged. */
  public long suppressed() {
    return suppressed.get();
  }
}
