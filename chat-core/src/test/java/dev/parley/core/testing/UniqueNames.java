package dev.parley.core.testing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random identifiers for tests that share a store with other tests and earlier runs (a MariaDB
 * database, a Redis instance): names valid under {@code Validation.NAME}, emails, node ids, keys.
 * 40 random bits each, so collisions are negligible. Thread-safe.
 */
public final class UniqueNames {
  private UniqueNames() {}

  /** Ten random lower-case hex characters. */
  public static String token() {
    return String.format("%010x", ThreadLocalRandom.current().nextLong(1L << 40));
  }

  /** A user name: "u" and ten random hex characters. */
  public static String name() {
    return "u" + token();
  }

  /** An email address at the reserved ".test" domain. */
  public static String email() {
    return "e" + token() + "@parley.test";
  }

  /** A positive id in {@code [1, 2^40)}, for stores that do not check that the user exists. */
  public static long userId() {
    return 1 + ThreadLocalRandom.current().nextLong((1L << 40) - 1);
  }
}
