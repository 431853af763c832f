package dev.parley.storage.mysql.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Conversions between {@link Instant} and the DATETIME(6) columns, which hold UTC wall time.
 * Values are bound as DATETIME literals ({@code 2024-05-01 10:00:00.123456}), which keeps the
 * session time zone out of it and keeps the microseconds: Connector/J drops fractional seconds
 * from temporal parameters when the server reports a version before 5.6.4, and MariaDB 10.x
 * reports itself as "5.5.5-10.x". Stateless and thread-safe.
 */
final class SqlTime {
  /** The range a DATETIME column can hold. */
  static final Instant MIN = Instant.parse("1000-01-01T00:00:00Z");
  static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private SqlTime() {}

  /** The clock's current instant at the microsecond precision a DATETIME(6) keeps. */
  static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** The DATETIME(6) literal for {@code instant}, to the microsecond. */
  static String toDb(Instant instant) {
    return LITERAL.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  static Instant fromDb(LocalDateTime value) {
    return value.toInstant(ZoneOffset.UTC);
  }

  static boolean storable(Instant instant) {
    return !instant.isBefore(MIN) && !instant.isAfter(MAX);
  }
}
