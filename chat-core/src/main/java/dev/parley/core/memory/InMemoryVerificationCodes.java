package dev.parley.core.memory;

import dev.parley.core.ChatException;
import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.spi.VerificationCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link VerificationCodes} in a concurrent map keyed by (email, purpose). Thread-safe: each
 * check or store is one atomic map operation on its key. Codes are compared with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the first difference lies.
 * A used-up code's issue time is kept until the issue interval has passed, so using a code does not
 * lift the issue rate limit. Entries are swept out at most once per TTL.
 */
public final class InMemoryVerificationCodes implements VerificationCodes {
  /** DESIGN section 8 defaults. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_ISSUE_INTERVAL = Duration.ofSeconds(60);

  private final Map<Key, Issued> codes = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int maxAttempts;
  private final Duration issueInterval;
  private final Clock clock;
  private final ExpirySweeper sweeper;

  /** Codes living 10 minutes, 5 attempts, one issue per 60 s, on the system UTC clock. */
  public InMemoryVerificationCodes() {
    this(DEFAULT_TTL, DEFAULT_MAX_ATTEMPTS, DEFAULT_ISSUE_INTERVAL, Clock.systemUTC());
  }

  /**
   * Codes living {@code ttl}, dead after {@code maxAttempts} wrong checks, issued at most once per
   * {@code issueInterval} for each (email, purpose), all judged by {@code clock}.
   */
  public InMemoryVerificationCodes(Duration ttl, int maxAttempts, Duration issueInterval, Clock clock) {
    this.ttl = Durations.requirePositive(ttl, "ttl");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.issueInterval = Objects.requireNonNull(issueInterval, "issueInterval");
    if (issueInterval.isNegative()) {
      throw new IllegalArgumentException("issueInterval must not be negative, was " + issueInterval);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = new ExpirySweeper(ttl, clock);
  }

  @Override
  public void store(String email, CodePurpose purpose, String code) {
    Objects.requireNonNull(code, "code");
    Key key = Key.of(email, purpose);
    Instant now = clock.instant();
    sweepIfDue(now);
    codes.compute(key, (k, earlier) -> {
      if (earlier != null) {
        Instant allowedAt = earlier.issuedAt.plus(issueInterval);
        if (now.isBefore(allowedAt)) {
          throw ChatException.rateLimited("a " + purpose + " code for " + k.email + " was issued "
              + Duration.between(earlier.issuedAt, now).toSeconds() + " s ago", Duration.between(now, allowedAt));
        }
      }
      return new Issued(code.getBytes(StandardCharsets.UTF_8), now, now.plus(ttl), 0, false);
    });
  }

  @Override
  public CodeCheck verify(String email, CodePurpose purpose, String code) {
    Instant now = clock.instant();
    CodeCheck[] outcome = {CodeCheck.MISSING};
    codes.computeIfPresent(Key.of(email, purpose), (k, issued) -> {
      if (issued.used || !now.isBefore(issued.expiresAt)) {
        return issued; // MISSING; kept for the issue rate limit, swept later
      }
      if (issued.attempts >= maxAttempts) {
        outcome[0] = CodeCheck.TOO_MANY_ATTEMPTS;
        return issued;
      }
      byte[] given = code == null ? new byte[0] : code.getBytes(StandardCharsets.UTF_8);
      if (MessageDigest.isEqual(issued.code, given)) {
        outcome[0] = CodeCheck.VALID;
        return issued.usedUp();
      }
      outcome[0] = CodeCheck.WRONG;
      return issued.withAttempt();
    });
    return outcome[0];
  }

  /** Entries held, expired ones not yet swept included; for clean-up tests. */
  int size() {
    return codes.size();
  }

  private void sweepIfDue(Instant now) {
    if (sweeper.due(now)) {
      codes.values().removeIf(i -> !now.isBefore(i.expiresAt) && !now.isBefore(i.issuedAt.plus(issueInterval)));
    }
  }

  /** Emails are compared lower-cased, as the user store keeps them. */
  private record Key(String email, CodePurpose purpose) {
    static Key of(String email, CodePurpose purpose) {
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(purpose, "purpose");
      return new Key(email.trim().toLowerCase(Locale.ROOT), purpose);
    }
  }

  /** One issued code and its state. Immutable; the map swaps whole values. */
  private record Issued(byte[] code, Instant issuedAt, Instant expiresAt, int attempts, boolean used) {
    Issued withAttempt() {
      return new Issued(code, issuedAt, expiresAt, attempts + 1, used);
    }

    Issued usedUp() {
      return new Issued(new byte[0], issuedAt, expiresAt, attempts, true);
    }
  }
}
