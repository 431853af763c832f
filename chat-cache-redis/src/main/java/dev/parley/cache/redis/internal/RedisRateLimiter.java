package dev.parley.cache.redis.internal;

import dev.parley.core.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;

/**
 * {@link RateLimiter} on Redis: fixed windows aligned to the epoch by the injected clock ({@code
 * windowStart = now - now % window}), one counter key per (key, window length, window start),
 * incremented and given its clean-up TTL by one Lua script ({@code INCR} + {@code PEXPIRE}).
 * Single-key, so no hash tags are needed. Thread-safe.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final LuaScript COUNT = LuaScript.load("rate_count");

  private final RedissonClient redis;
  private final KeySpace keys;
  private final Clock clock;

  public RedisRateLimiter(RedissonClient redis, KeySpace keys, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<Duration> tryAcquire(String key, int limit, Duration window) {
    Objects.requireNonNull(key, "key");
    long windowMillis = window.toMillis();
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
    }
    long now = clock.millis();
    long windowStart = now - Math.floorMod(now, windowMillis);
    Long count = RedisCall.run("rate limit", () -> COUNT.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, List.of(keys.rateWindow(key, windowMillis, windowStart)),
        Long.toString(KeySpace.cleanupMillis(window))));
    if (count <= limit) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(windowStart + windowMillis - now));
  }
}
