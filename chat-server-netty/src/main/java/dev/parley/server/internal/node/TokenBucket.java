package dev.parley.server.internal.node;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code perSecond} tokens a second holding at most {@code perSecond} (the
 * burst), kept in the "generic cell rate" form: one timestamp, the theoretical arrival time of the
 * next request, instead of a token count that would need refilling. Time comes from a nanosecond
 * source so tests can drive it.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
final class TokenBucket {
  private final long interval;
  private final long tolerance;
  private final LongSupplier nanoTime;
  private long theoreticalArrival;

  TokenBucket(int perSecond, LongSupplier nanoTime) {
    this.interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    this.tolerance = interval * (perSecond - 1L);
    this.nanoTime = nanoTime;
    this.theoreticalArrival = nanoTime.getAsLong();
  }

  /** Takes a token; returns 0 when one was available, else the nanoseconds until one will be. */
  long tryTake() {
    long now = nanoTime.getAsLong();
    long tat = Math.max(theoreticalArrival, now);
    long excess = tat - now - tolerance;
    if (excess > 0) {
      return excess;
    }
    theoreticalArrival = tat + interval;
    return 0;
  }
}
