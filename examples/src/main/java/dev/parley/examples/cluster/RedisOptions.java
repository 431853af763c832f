package dev.parley.examples.cluster;

import dev.parley.cache.redis.RedisCache;
import dev.parley.cache.redis.RedisCacheBuilder;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where Redis is and how the Redis-backed SPIs behave: the options every role shares. Roles that
 * read the same data must agree on {@code --redis-prefix} and on the TTLs, because each process
 * judges expiry with its own settings. Filled by picocli; not thread-safe.
 */
final class RedisOptions {
  /** How Redisson reaches Redis. */
  enum Mode { SINGLE, SENTINEL, CLUSTER }

  @Option(names = "--redis", paramLabel = "URL[,URL...]", defaultValue = "${env:PARLEY_REDIS_URL:-redis://127.0.0.1:6379}",
      description = "Redis address (redis:// or rediss://); for sentinel the sentinels, for cluster the seed nodes, "
          + "comma-separated. Env PARLEY_REDIS_URL. Default ${DEFAULT-VALUE}")
  String addresses;

  @Option(names = "--redis-mode", defaultValue = "${env:PARLEY_REDIS_MODE:-single}",
      description = "single, sentinel or cluster. Env PARLEY_REDIS_MODE. Default ${DEFAULT-VALUE}")
  Mode mode;

  @Option(names = "--redis-master", defaultValue = "${env:PARLEY_REDIS_MASTER}",
      description = "Sentinel master group name (sentinel mode). Env PARLEY_REDIS_MASTER")
  String masterName;

  @Option(names = "--redis-user", defaultValue = "${env:PARLEY_REDIS_USER}", description = "ACL user. Env PARLEY_REDIS_USER")
  String username;

  @Option(names = "--redis-password", defaultValue = "${env:PARLEY_REDIS_PASSWORD}",
      description = "Password; prefer the env var PARLEY_REDIS_PASSWORD (flags show in ps)")
  String password;

  @Option(names = "--redis-database", defaultValue = "${env:PARLEY_REDIS_DATABASE:-0}",
      description = "Database number (not in cluster mode). Env PARLEY_REDIS_DATABASE. Default ${DEFAULT-VALUE}")
  int database;

  @Option(names = "--redis-prefix", defaultValue = "${env:PARLEY_REDIS_PREFIX:-parley:}",
      description = "Prefix of every key; one per deployment. Env PARLEY_REDIS_PREFIX. Default ${DEFAULT-VALUE}")
  String keyPrefix;

  @Option(names = "--presence-ttl", defaultValue = "${env:PARLEY_PRESENCE_TTL:-90s}",
      description = "A presence binding not refreshed for this long is offline. Env PARLEY_PRESENCE_TTL. Default ${DEFAULT-VALUE}")
  Duration presenceTtl;

  @Option(names = "--node-stale-after", defaultValue = "${env:PARLEY_NODE_STALE_AFTER:-15s}",
      description = "A chat node silent this long leaves the rotation. Env PARLEY_NODE_STALE_AFTER. Default ${DEFAULT-VALUE}")
  Duration nodeStaleAfter;

  @Option(names = "--token-ttl", defaultValue = "${env:PARLEY_TOKEN_TTL:-24h}",
      description = "Session token lifetime. Env PARLEY_TOKEN_TTL. Default ${DEFAULT-VALUE}")
  Duration tokenTtl;

  @Option(names = "--redis-command-timeout", defaultValue = "${env:PARLEY_REDIS_COMMAND_TIMEOUT:-2s}",
      description = "Longest wait for one Redis command, retries included; a hung Redis fails requests with "
          + "UNAVAILABLE after this. Env PARLEY_REDIS_COMMAND_TIMEOUT. Default ${DEFAULT-VALUE}")
  Duration commandTimeout;

  @Option(names = "--max-tokens-per-user", defaultValue = "${env:PARLEY_MAX_TOKENS_PER_USER:-20}",
      description = "Live session tokens one user may hold; one more revokes the oldest. "
          + "Env PARLEY_MAX_TOKENS_PER_USER. Default ${DEFAULT-VALUE}")
  int maxTokensPerUser;

  /** Connects to Redis; the caller owns (closes) the cache. */
  RedisCache open() {
    String[] list = Arrays.stream(addresses.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
    RedisCacheBuilder b = RedisCache.builder();
    switch (mode) {
      case SINGLE -> {
        if (list.length != 1) {
          throw new IllegalArgumentException("single mode takes one --redis address, got " + list.length);
        }
        b.singleServer(list[0]);
      }
      case SENTINEL -> b.sentinel(masterName, list);
      case CLUSTER -> b.cluster(list);
    }
    if (username != null && !username.isEmpty()) {
      b.username(username);
    }
    if (password != null && !password.isEmpty()) {
      b.password(password);
    }
    return b.database(database).keyPrefix(keyPrefix).presenceTtl(presenceTtl).nodeStaleAfter(nodeStaleAfter)
        .tokenTtl(tokenTtl).commandTimeout(commandTimeout).maxTokensPerUser(maxTokensPerUser).build();
  }

  /** A cheap read that throws when Redis does not answer: the health probe of Redis-backed roles. */
  static void probe(RedisCache cache) {
    cache.presence().sessions(0L); // user 0 never exists; the read still needs a Redis round trip
  }
}
