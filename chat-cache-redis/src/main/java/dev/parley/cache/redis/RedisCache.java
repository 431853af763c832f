package dev.parley.cache.redis;

import dev.parley.cache.redis.internal.KeySpace;
import dev.parley.cache.redis.internal.RedisChangeFeed;
import dev.parley.cache.redis.internal.RedisLoginLock;
import dev.parley.cache.redis.internal.RedisNodeDirectory;
import dev.parley.cache.redis.internal.RedisPresenceRegistry;
import dev.parley.cache.redis.internal.RedisRateLimiter;
import dev.parley.cache.redis.internal.RedisTokenStore;
import dev.parley.cache.redis.internal.RedisVerificationCodes;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.VerificationCodes;
import org.redisson.api.RedissonClient;

/**
 * The Redis-backed SPIs of one Parley deployment, sharing one Redisson client and one key prefix:
 * {@link #presence()}, {@link #tokens()}, {@link #verificationCodes()}, {@link #nodeDirectory()},
 * {@link #rateLimiter()}, {@link #loginLock()} and {@link #changeFeed()}. Every node and role of a cluster that uses the
 * same Redis and prefix sees the same presence, tokens, codes, nodes, counters and locks, and hears
 * the same change notices.
 *
 * <pre>{@code
 * try (RedisCache cache = RedisCache.builder()
 *     .singleServer("redis://127.0.0.1:6379")   // or .sentinel("mymaster", ...) or .cluster(...)
 *     .keyPrefix("parley:")
 *     .build()) {
 *   PresenceRegistry presence = cache.presence();
 *   ...
 * }
 * }</pre>
 *
 * <p>Errors: when Redis cannot be reached or fails a command, every SPI method throws
 * {@link dev.parley.core.ChatException} with {@link dev.parley.core.ErrorCode#UNAVAILABLE}, never a
 * Redisson exception. All TTLs, expiries and staleness are judged by the builder's clock; the
 * Redis key TTLs only clean up dead data a grace period later.
 *
 * <p>Immutable and thread-safe; the SPI objects are thread-safe and block on Redis round trips, so
 * call them from a worker pool, never a Netty event loop. {@link #close()} shuts the Redisson
 * client down if this cache created it.
 */
public final class RedisCache implements AutoCloseable {
  private final RedissonClient client;
  private final boolean ownsClient;
  private final String keyPrefix;
  private final PresenceRegistry presence;
  private final TokenStore tokens;
  private final VerificationCodes verificationCodes;
  private final NodeDirectory nodeDirectory;
  private final RateLimiter rateLimiter;
  private final LoginLock loginLock;
  private final ChangeFeed changeFeed;

  RedisCache(RedissonClient client, boolean ownsClient, RedisCacheBuilder b) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.keyPrefix = b.keyPrefix;
    KeySpace keys = new KeySpace(b.keyPrefix);
    this.presence = new RedisPresenceRegistry(client, keys, b.presenceTtl, b.clock);
    this.tokens = new RedisTokenStore(client, keys, b.tokenTtl, b.maxTokensPerUser, b.clock);
    this.verificationCodes = new RedisVerificationCodes(client, keys, b.codeTtl, b.codeMaxAttempts,
        b.codeIssueInterval, b.clock);
    this.nodeDirectory = new RedisNodeDirectory(client, keys, b.nodeStaleAfter, b.clock);
    this.rateLimiter = new RedisRateLimiter(client, keys, b.clock);
    this.loginLock = new RedisLoginLock(client, keys, b.loginLockWait, b.loginLockLease);
    this.changeFeed = new RedisChangeFeed(client, keys);
  }

  /** A builder with the defaults listed on {@link RedisCacheBuilder}. */
  public static RedisCacheBuilder builder() {
    return new RedisCacheBuilder();
  }

  /** Who is online: every live session of a user, its chat node and device (multi-session). */
  public PresenceRegistry presence() {
    return presence;
  }

  /** Session tokens, each issued for one device or for none. */
  public TokenStore tokens() {
    return tokens;
  }

  /** Verification codes for registration and password resets. */
  public VerificationCodes verificationCodes() {
    return verificationCodes;
  }

  /** Live chat nodes and least-loaded assignment. */
  public NodeDirectory nodeDirectory() {
    return nodeDirectory;
  }

  /** Fixed-window counters shared by every node. */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** The per-user lock that serialises concurrent logins. */
  public LoginLock loginLock() {
    return loginLock;
  }

  /**
   * Change notices on Redis pub/sub under this cache's prefix: give it to every chat node
   * ({@code ChatNode.builder().changeFeed(...)}) so each node's friendship and presence caches hear
   * what the others changed.
   */
  public ChangeFeed changeFeed() {
    return changeFeed;
  }

  /** The prefix every key of this cache starts with. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** Shuts the Redisson client down when this cache created it; leaves a caller's client running. */
  @Override
  public void close() {
    if (ownsClient) {
      client.shutdown();
    }
  }
}
