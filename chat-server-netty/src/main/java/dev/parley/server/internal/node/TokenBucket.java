package dev.parley.server.internal.node;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket of {@code perSecond} tokens a second holding at most {@code perSecond} (the
 * burst), kept in the "generic cell rate" form: one timestamp, the theoretical arrival time of the
 * next request, instead of a token count that would need refilling. The timestamp is the caller's
 * (one {@code long} per connection, in {@link ChatConnectionHandler}); this object holds only the
 * rate, so one serves every connection of a node.
 *
 * <p>Immutable and thread-safe.
 */
final class TokenBucket {
  private final long interval;
  private final long tolerance;

  TokenBucket(int perSecond) {
    this.interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    this.tolerance = interval * (perSecond - 1L);
  }

  /** 0 when a bucket in state {@code tat} has a token at {@code now}, else the nanoseconds until it will. */
  long waitNanos(long tat, long now) {
    return Math.max(0, Math.max(tat, now) - now - tolerance);
  }

  /** The state after taking a token at {@code now}; only when {@link #waitNanos} was 0. */
  long taken(long tat, long now) {
    return Math.max(tat, now) + interval;
  }
}
