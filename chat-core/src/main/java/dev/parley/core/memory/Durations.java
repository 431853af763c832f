package dev.parley.core.memory;

import java.time.Duration;
import java.util.Objects;

/** Argument checks for the durations the in-memory stores are configured with. Stateless. */
final class Durations {
  private Durations() {}

  static Duration requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
