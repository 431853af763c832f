package dev.parley.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether and when a {@link ChatSession} tries again after losing its connection.
 * Implementations must be thread-safe; the built-in ones are immutable.
 */
public interface ReconnectPolicy {
  /**
   * How long to wait before reconnect attempt {@code attempt} (1 for the first after a loss), or
   * empty to give up.
   */
  Optional<Duration> delayBeforeAttempt(int attempt);

  /** Never reconnect: a lost connection ends the session. */
  static ReconnectPolicy none() {
    return attempt -> Optional.empty();
  }

  /**
   * Retry forever with exponential backoff: {@code initial}, doubling up to {@code max}, each delay
   * spread randomly by {@code ±jitter} (0 to 1) so that many clients losing the same node do not
   * all return at the same instant.
   */
  static ReconnectPolicy exponential(Duration initial, Duration max, double jitter) {
    return new Exponential(initial, max, jitter);
  }

  /** The default: exponential from 250 ms up to 30 s with 20% jitter. */
  static ReconnectPolicy defaults() {
    return exponential(Duration.ofMillis(250), Duration.ofSeconds(30), 0.2);
  }

  /** Jittered exponential backoff. Immutable. */
  record Exponential(Duration initial, Duration max, double jitter) implements ReconnectPolicy {
    public Exponential {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("need 0 < initial <= max, got initial=" + initial + " max=" + max);
      }
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
      }
    }

    @Override
    public Optional<Duration> delayBeforeAttempt(int attempt) {
      int doublings = Math.min(Math.max(attempt - 1, 0), 30);
      double base = Math.min(initial.toNanos() * Math.pow(2, doublings), max.toNanos());
      double spread = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
      return Optional.of(Duration.ofNanos((long) Math.min(base * spread, max.toNanos())));
    }
  }
}
