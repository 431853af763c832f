package dev.parley.cache.redis.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.spi.VerificationCodes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;

/**
 * {@link VerificationCodes} on Redis: one hash per (purpose, email) holding the code, wrong attempts,
 * expiry and issue time. Storing (with the issue-interval check) and verifying (attempt count,
 * single use, constant-time compare) are each one Lua script on that one key, so concurrent
 * requests cannot race past the limits. Expiry and the issue interval are judged by the injected
 * clock; the key's Redis TTL, covering both plus a grace, is only clean-up. Thread-safe.
 */
public final class RedisVerificationCodes implements VerificationCodes {
  /** Longer candidates are never sent to Redis: no code is that long, and the compare loop stays short. */
  static final int MAX_CODE_LENGTH = 64;

  private static final LuaScript STORE = LuaScript.load("code_store");
  private static final LuaScript VERIFY = LuaScript.load("code_verify");

  private final RedissonClient redis;
  private final KeySpace keys;
  private final Duration ttl;
  private final int maxAttempts;
  private final Duration issueInterval;
  private final Clock clock;

  public RedisVerificationCodes(RedissonClient redis, KeySpace keys, Duration ttl, int maxAttempts,
      Duration issueInterval, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.maxAttempts = maxAttempts;
    this.issueInterval = Objects.requireNonNull(issueInterval, "issueInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void store(String email, CodePurpose purpose, String code) {
    Objects.requireNonNull(code, "code");
    if (code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "a verification code has 1 to " + MAX_CODE_LENGTH
          + " characters, got " + code.length());
    }
    long now = clock.millis();
    long cleanup = KeySpace.cleanupMillis(ttl.compareTo(issueInterval) > 0 ? ttl : issueInterval);
    Long waitMillis = RedisCall.run("verification code store", () -> STORE.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, List.of(key(email, purpose)), code, Long.toString(now),
        Long.toString(now + ttl.toMillis()), Long.toString(issueInterval.toMillis()), Long.toString(cleanup)));
    if (waitMillis >= 0) {
      Duration retryAfter = Duration.ofMillis(waitMillis);
      throw ChatException.rateLimited("a " + purpose + " code for " + email + " was issued less than "
          + issueInterval.toMillis() + " ms ago; retry in " + retryAfter.toMillis() + " ms", retryAfter);
    }
  }

  @Override
  public CodeCheck verify(String email, CodePurpose purpose, String code) {
    // an impossible candidate still spends an attempt, exactly like any other wrong guess
    String candidate = code == null || code.length() > MAX_CODE_LENGTH ? "" : code;
    String result = RedisCall.run("verification code verify", () -> VERIFY.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.VALUE, List.of(key(email, purpose)), candidate, Long.toString(clock.millis()),
        Integer.toString(maxAttempts)));
    return CodeCheck.valueOf(result);
  }

  private String key(String email, CodePurpose purpose) {
    // emails match case-insensitively, as the user store keeps them
    String normalized = Objects.requireNonNull(email, "email").trim().toLowerCase(Locale.ROOT);
    return keys.code(Objects.requireNonNull(purpose, "purpose").name(), normalized);
  }
}
