package dev.parley.core.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides when an in-memory store should sweep out its expired entries: at most once per
 * {@code interval} of the injected clock, and only for the one caller that wins the turn, so
 * sweeping stays amortised O(1) per operation. Thread-safe.
 */
final class ExpirySweeper {
  private final Duration interval;
  private final AtomicReference<Instant> next;

  ExpirySweeper(Duration interval, Clock clock) {
    this.interval = interval;
    this.next = new AtomicReference<>(clock.instant().plus(interval));
  }

  /** True for exactly one caller once the sweep time has come; that caller should sweep now. */
  boolean due(Instant now) {
    Instant at = next.get();
    return !now.isBefore(at) && next.compareAndSet(at, now.plus(interval));
  }
}
