package dev.parley.cache.redis;

import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The real Redis the tests use (PARLEY_REDIS_URL, default redis://127.0.0.1:6379), and per-run key
 * prefixes so runs can repeat and overlap without seeing each other's data.
 */
public final class TestRedis {
  private TestRedis() {}

  public static String url() {
    String url = System.getenv("PARLEY_REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  /** A new client for the test Redis; the caller shuts it down. */
  public static RedissonClient connect() {
    Config config = new Config();
    config.useSingleServer().setAddress(url()).setConnectionMinimumIdleSize(2).setConnectionPoolSize(8);
    return Redisson.create(config);
  }

  /** A prefix no other run uses. */
  public static String uniquePrefix() {
    return "parley-test:" + UUID.randomUUID() + ":";
  }

  /** Deletes every key under {@code prefix}. */
  public static long deleteKeys(RedissonClient client, String prefix) {
    return client.getKeys().deleteByPattern(prefix + "*");
  }
}
