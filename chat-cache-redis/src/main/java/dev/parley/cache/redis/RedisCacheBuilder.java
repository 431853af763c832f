package dev.parley.cache.redis;

import dev.parley.cache.redis.internal.ConnectionSettings;
import dev.parley.cache.redis.internal.RedisCall;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

/**
 * Configures a {@link RedisCache}. Choose exactly one connection mode — {@link #singleServer},
 * {@link #sentinel} or {@link #cluster} — and call {@link #build()}, or skip the mode and hand an
 * existing client to {@link #buildWith(RedissonClient)}. Every setter checks its own argument
 * ({@link IllegalArgumentException}); {@link #build()} checks the combination
 * ({@link IllegalStateException}). Defaults match the in-memory implementations: presence TTL 90 s,
 * token TTL 24 h and 20 live tokens per user, codes 10 min / 5 attempts / one per 60 s, nodes stale after
 * 15 s; plus login lock wait 5 s and lease 30 s, key prefix {@code "parley:"}, the system UTC clock;
 * connect timeout 1 s, command timeout 2 s (retries included) with 1 retry.
 *
 * <p>Not thread-safe: configure it on one thread. The {@link RedisCache} it builds is immutable.
 */
public final class RedisCacheBuilder {
  private static final Pattern ADDRESS = Pattern.compile("rediss?://[^\\s/]+:\\d{1,5}");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:._-]{1,64}");

  private final List<ConnectionSettings.Mode> modes = new ArrayList<>();
  private List<String> addresses = List.of();
  private String masterName;
  private String username;
  private String password;
  private int database;
  private Duration connectTimeout = Duration.ofSeconds(1);
  private Duration commandTimeout = Duration.ofSeconds(2);
  private int retryAttempts = 1;

  String keyPrefix = "parley:";
  Duration presenceTtl = PresenceRegistry.DEFAULT_TTL;
  Duration tokenTtl = TokenStore.DEFAULT_TTL;
  int maxTokensPerUser = TokenStore.DEFAULT_MAX_TOKENS_PER_USER;
  Duration codeTtl = Duration.ofMinutes(10);
  int codeMaxAttempts = 5;
  Duration codeIssueInterval = Duration.ofSeconds(60);
  Duration nodeStaleAfter = NodeDirectory.DEFAULT_STALE_AFTER;
  Duration loginLockWait = Duration.ofSeconds(5);
  Duration loginLockLease = Duration.ofSeconds(30);
  Clock clock = Clock.systemUTC();

  RedisCacheBuilder() {}

  /** Single-server mode: one Redis at {@code address} ({@code redis://host:port}, or {@code rediss://} for TLS). */
  public RedisCacheBuilder singleServer(String address) {
    return mode(ConnectionSettings.Mode.SINGLE_SERVER, List.of(checkAddress(address)));
  }

  /**
   * Sentinel mode: the sentinels at {@code sentinelAddresses} name the current master of the group
   * {@code masterName}; Redisson follows failovers.
   */
  public RedisCacheBuilder sentinel(String masterName, String... sentinelAddresses) {
    if (masterName == null || masterName.isBlank()) {
      throw new IllegalArgumentException("sentinel master name is required");
    }
    this.masterName = masterName;
    return mode(ConnectionSettings.Mode.SENTINEL, addressList(sentinelAddresses));
  }

  /** Cluster mode: Redisson discovers the whole Redis Cluster from these seed nodes. */
  public RedisCacheBuilder cluster(String... nodeAddresses) {
    return mode(ConnectionSettings.Mode.CLUSTER, addressList(nodeAddresses));
  }

  /** The ACL user name; by default none (the {@code default} user). */
  public RedisCacheBuilder username(String username) {
    this.username = Objects.requireNonNull(username, "username");
    return this;
  }

  /** The password; by default none. Never logged. */
  public RedisCacheBuilder password(String password) {
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /** The database number (single server and sentinel only; a cluster has only database 0). Default 0. */
  public RedisCacheBuilder database(int database) {
    if (database < 0) {
      throw new IllegalArgumentException("database must be >= 0: " + database);
    }
    this.database = database;
    return this;
  }

  /**
   * The prefix of every key (1-64 of {@code A-Z a-z 0-9 : . _ -}; no braces, so it never turns into
   * a cluster hash tag). Deployments sharing a Redis but not their users use different prefixes.
   */
  public RedisCacheBuilder keyPrefix(String keyPrefix) {
    if (keyPrefix == null || !PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException("key prefix must be 1-64 of A-Z a-z 0-9 : . _ -, got '" + keyPrefix + "'");
    }
    this.keyPrefix = keyPrefix;
    return this;
  }

  /** How long a presence binding lives without a refresh. */
  public RedisCacheBuilder presenceTtl(Duration ttl) {
    this.presenceTtl = positive("presenceTtl", ttl);
    return this;
  }

  /** How long a session token is valid. */
  public RedisCacheBuilder tokenTtl(Duration ttl) {
    this.tokenTtl = positive("tokenTtl", ttl);
    return this;
  }

  /**
   * How many live session tokens one user may hold; issuing one more revokes that user's oldest.
   * Default {@value TokenStore#DEFAULT_MAX_TOKENS_PER_USER}, as in memory.
   */
  public RedisCacheBuilder maxTokensPerUser(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxTokensPerUser must be at least 1, got " + max);
    }
    this.maxTokensPerUser = max;
    return this;
  }

  /** How long a verification code is valid. */
  public RedisCacheBuilder codeTtl(Duration ttl) {
    this.codeTtl = positive("codeTtl", ttl);
    return this;
  }

  /** Wrong guesses after which a verification code is dead. */
  public RedisCacheBuilder codeMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("codeMaxAttempts must be >= 1: " + maxAttempts);
    }
    this.codeMaxAttempts = maxAttempts;
    return this;
  }

  /** The least time between two codes for the same (email, purpose). Zero turns the limit off. */
  public RedisCacheBuilder codeIssueInterval(Duration interval) {
    Objects.requireNonNull(interval, "codeIssueInterval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("codeIssueInterval must be >= 0: " + interval);
    }
    this.codeIssueInterval = interval;
    return this;
  }

  /** How long a chat node may stay silent before it leaves the rotation. */
  public RedisCacheBuilder nodeStaleAfter(Duration staleAfter) {
    this.nodeStaleAfter = positive("nodeStaleAfter", staleAfter);
    return this;
  }

  /** How long a login waits for the user's login lock before failing with {@code UNAVAILABLE}. */
  public RedisCacheBuilder loginLockWait(Duration wait) {
    Objects.requireNonNull(wait, "loginLockWait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("loginLockWait must be >= 0: " + wait);
    }
    this.loginLockWait = wait;
    return this;
  }

  /** How long a held login lock lasts at most, so a crashed holder cannot block a user for ever. */
  public RedisCacheBuilder loginLockLease(Duration lease) {
    this.loginLockLease = positive("loginLockLease", lease);
    return this;
  }

  /** How long to wait for a TCP connection to Redis. Default 1 s. */
  public RedisCacheBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive("connectTimeout", timeout);
    return this;
  }

  /**
   * The longest one Redis command may take, retries included, before the SPI call fails with
   * {@code UNAVAILABLE}: a Redis that hangs (connections open, no replies) costs a caller at most
   * this long. The time is shared by the {@link #retryAttempts} + 1 attempts, less a 50 ms pause
   * before each retry. Default 2 s.
   */
  public RedisCacheBuilder commandTimeout(Duration timeout) {
    this.commandTimeout = positive("commandTimeout", timeout);
    return this;
  }

  /**
   * How often a command that timed out or could not be sent is tried again within the
   * {@link #commandTimeout}. Default 1.
   */
  public RedisCacheBuilder retryAttempts(int attempts) {
    if (attempts < 0) {
      throw new IllegalArgumentException("retryAttempts must be >= 0: " + attempts);
    }
    this.retryAttempts = attempts;
    return this;
  }

  /** The clock that judges every TTL, expiry and staleness (tests inject a controllable one). */
  public RedisCacheBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Validates the configuration, connects to Redis and returns a cache that owns the new Redisson
   * client ({@link RedisCache#close()} shuts it down).
   *
   * @throws IllegalStateException when no or several connection modes were chosen, or a database
   *     other than 0 was chosen in cluster mode
   * @throws dev.parley.core.ChatException {@code UNAVAILABLE} when Redis cannot be reached
   */
  public RedisCache build() {
    ConnectionSettings settings = connectionSettings();
    RedissonClient client;
    try {
      client = Redisson.create(settings.toRedissonConfig());
    } catch (RedisException e) {
      throw RedisCall.unavailable("connecting to " + settings.describe(), e);
    }
    return new RedisCache(client, true, this);
  }

  /**
   * Returns a cache on an existing client, which stays the caller's: {@link RedisCache#close()}
   * leaves it running. Reads follow the client's own read mode; use {@code ReadMode.MASTER} so a
   * write is visible to the next read.
   *
   * @throws IllegalStateException when a connection mode was chosen too (it would be ignored)
   */
  public RedisCache buildWith(RedissonClient client) {
    Objects.requireNonNull(client, "client");
    if (!modes.isEmpty()) {
      throw new IllegalStateException("buildWith(client) uses the client's own connection; drop " + modes);
    }
    return new RedisCache(client, false, this);
  }

  ConnectionSettings connectionSettings() {
    if (modes.size() != 1) {
      throw new IllegalStateException("choose exactly one of singleServer, sentinel or cluster; got " + modes);
    }
    ConnectionSettings.Mode mode = modes.get(0);
    if (mode == ConnectionSettings.Mode.CLUSTER && database != 0) {
      throw new IllegalStateException("Redis Cluster has only database 0, got database " + database);
    }
    ConnectionSettings settings = new ConnectionSettings(mode, addresses, masterName, username, password, database,
        connectTimeout, commandTimeout, retryAttempts);
    if (settings.attemptTimeout().compareTo(ConnectionSettings.MIN_ATTEMPT_TIMEOUT) < 0) {
      throw new IllegalStateException("commandTimeout " + commandTimeout.toMillis() + " ms leaves "
          + settings.attemptTimeout().toMillis() + " ms per attempt for " + (retryAttempts + 1)
          + " attempts; allow at least " + ConnectionSettings.MIN_ATTEMPT_TIMEOUT.toMillis()
          + " ms each: raise commandTimeout or lower retryAttempts");
    }
    return settings;
  }

  private RedisCacheBuilder mode(ConnectionSettings.Mode mode, List<String> addresses) {
    modes.add(mode);
    this.addresses = addresses;
    return this;
  }

  private static List<String> addressList(String... addresses) {
    if (addresses == null || addresses.length == 0) {
      throw new IllegalArgumentException("at least one address is required");
    }
    List<String> out = new ArrayList<>();
    for (String a : addresses) {
      out.add(checkAddress(a));
    }
    return out;
  }

  private static String checkAddress(String address) {
    if (address == null || !ADDRESS.matcher(address).matches()) {
      throw new IllegalArgumentException("a Redis address looks like redis://host:port (or rediss://), got '"
          + address + "'");
    }
    return address;
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}
