package dev.parley.storage.mysql.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Conversions between {@link Instant} and the DATETIME(6) columns, which hold UTC wall time.
 * Binding a {@link LocalDateTime} keeps the driver and the session time zone out of it.
 * Stateless and thread-safe.
 */
final class SqlTime {
  /** The range a DATETIME column can hold. */
  static final Instant MIN = Instant.parse("1000-01-01T00:00:00Z");
  static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  private SqlTime() {}

  /** The clock's current instant at the microsecond precision a DATETIME(6) keeps. */
  static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static LocalDateTime toDb(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant fromDb(LocalDateTime value) {
    return value.toInstant(ZoneOffset.UTC);
  }

  static boolean storable(Instant instant) {
    return !instant.isBefore(MIN) && !instant.isAfter(MAX);
  }
}
