package dev.parley.storage.mysql.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the database server lets the batched append skip, read once at start
 * ({@link #detect(Transactions)}). Immutable.
 *
 * @param counterReturning the server runs {@code INSERT … ON DUPLICATE KEY UPDATE … RETURNING}
 *     and returns each row as it is after the update (MariaDB 10.5+; checked on 10.11), so the
 *     mailbox counters are bumped and read in one statement; otherwise (MySQL) they are read back
 *     with {@code SELECT … FOR UPDATE}
 * @param consecutiveIds one multi-row {@code INSERT} of known row count gets consecutive
 *     auto-increment ids ({@code innodb_autoinc_lock_mode} 0 or 1; MariaDB's default is 1,
 *     MySQL 8's is 2), so the message ids follow from the first generated key; otherwise they are
 *     read back by (sender, client message id)
 * @param idStep {@code auto_increment_increment}: the distance between consecutive ids
 */
public record ServerTraits(boolean counterReturning, boolean consecutiveIds, int idStep) {
  private static final Logger log = LoggerFactory.getLogger(ServerTraits.class);
  private static final Pattern MARIADB = Pattern.compile("(\\d+)\\.(\\d+)\\.\\d+-MariaDB");

  /** Nothing assumed: every batch reads the counters and the ids back. */
  public static final ServerTraits PORTABLE = new ServerTraits(false, false, 1);

  public ServerTraits {
    if (idStep < 1) {
      throw new IllegalArgumentException("idStep must be positive, was " + idStep);
    }
  }

  /** Asks the server once (a session of the pool, so session defaults count). */
  public static ServerTraits detect(Transactions tx) {
    return tx.withHandle("read the server's settings", h -> h.createQuery(
            "SELECT VERSION() AS version, @@innodb_autoinc_lock_mode AS lock_mode, @@auto_increment_increment AS step")
        .map((rs, ctx) -> of(rs.getString("version"), rs.getInt("lock_mode"), rs.getInt("step")))
        .one());
  }

  static ServerTraits of(String version, int autoincLockMode, int step) {
    ServerTraits t = new ServerTraits(isMariadbAtLeast105(version), autoincLockMode <= 1, Math.max(1, step));
    if (!t.consecutiveIds()) {
      log.info("innodb_autoinc_lock_mode is {}: message ids of a batch are read back (one SELECT more per batch); "
          + "innodb_autoinc_lock_mode=1 avoids that", autoincLockMode);
    }
    return t;
  }

  private static boolean isMariadbAtLeast105(String version) {
    Matcher m = MARIADB.matcher(String.valueOf(version));
    if (!m.find()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 10 || (major == 10 && minor >= 5);
  }

  /** These traits without the generated-key shortcut (ids read back), for tests. */
  public ServerTraits readingIdsBack() {
    return new ServerTraits(counterReturning, false, idStep);
  }

  /** These traits without {@code RETURNING} (counters read back), for tests. */
  public ServerTraits readingCountersBack() {
    return new ServerTraits(false, consecutiveIds, idStep);
  }
}
