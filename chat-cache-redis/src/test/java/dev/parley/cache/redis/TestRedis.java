package dev.parley.cache.redis;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The real Redis the tests use (PARLEY_REDIS_URL, default redis://127.0.0.1:6379), as a JUnit
 * extension: register it in a static field, and it opens one client for the test class, hands out
 * key prefixes no other run uses, and deletes every key under them after each test, so runs can
 * repeat and overlap. Thread-safe.
 */
public final class TestRedis implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final List<String> prefixes = new CopyOnWriteArrayList<>();
  private final List<RedisCache> owned = new CopyOnWriteArrayList<>();
  private volatile RedissonClient client;

  public static String url() {
    String url = System.getenv("PARLEY_REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Config config = new Config();
    config.useSingleServer().setAddress(url()).setConnectionMinimumIdleSize(2).setConnectionPoolSize(16);
    client = Redisson.create(config);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    owned.forEach(RedisCache::close);
    owned.clear();
    for (String prefix : prefixes) {
      client.getKeys().deleteByPattern(prefix + "*");
    }
    prefixes.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.shutdown(0, 5, TimeUnit.SECONDS);
  }

  /** The class's shared client. */
  public RedissonClient client() {
    return client;
  }

  /** A key prefix no other run uses; its keys are deleted after the current test. */
  public String newPrefix() {
    String prefix = "parley-test:" + UUID.randomUUID() + ":";
    prefixes.add(prefix);
    return prefix;
  }

  /**
   * A cache under {@code prefix} with its own Redisson client (own connections, as another process
   * would have), closed after the current test.
   */
  public RedisCache ownedCache(String prefix) {
    RedisCache cache = RedisCache.builder().singleServer(url()).keyPrefix(prefix).build();
    owned.add(cache);
    return cache;
  }

  /** A builder under a new prefix; finish it with {@code buildWith(client())}. */
  public RedisCacheBuilder newCache() {
    return RedisCache.builder().keyPrefix(newPrefix());
  }
}
