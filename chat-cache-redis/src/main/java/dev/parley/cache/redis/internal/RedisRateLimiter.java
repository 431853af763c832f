package dev.parley.cache.redis.internal;

import dev.parley.core.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * {@link RateLimiter} on Redis: a sliding log per (key, window length), a sorted set of event
 * times read from the injected clock, trimmed, checked and appended by one Lua script, so
 * concurrent callers on every node count exactly. Refused events are not logged; {@link #release}
 * pops the newest event ({@code ZPOPMAX}). Nodes should run NTP-synchronised clocks: an event is
 * judged by the clock of the node that counted it. Single-key, so no hash tags are needed.
 * Thread-safe.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final LuaScript ACQUIRE = LuaScript.load("rate_acquire");

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
    String log = logKey(key, window);
    long now = clock.millis();
    Long waitMillis = RedisCall.run("rate limit", () -> ACQUIRE.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, List.of(log), Long.toString(now), Long.toString(window.toMillis()),
        Integer.toString(limit), now + ":" + UUID.randomUUID(), Long.toString(KeySpace.cleanupMillis(window))));
    return waitMillis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(waitMillis));
  }

  @Override
  public void release(String key, Duration window) {
    String log = logKey(key, window);
    RedisCall.run("rate limit release", () -> redis.getScoredSortedSet(log,
        StringCodec.INSTANCE).pollLast());
  }

  private String logKey(String key, Duration window) {
    Objects.requireNonNull(key, "key");
    long windowMillis = window.toMillis();
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
    }
    return keys.rateLog(key, windowMillis);
  }
}
