package dev.parley.cache.redis.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.redisson.config.BaseConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.ConstantDelay;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.client.codec.StringCodec;

/**
 * How to reach Redis, already validated by the builder, and its translation to a Redisson
 * {@link Config}. Immutable and thread-safe.
 *
 * @param mode single server, sentinel or cluster
 * @param addresses the server, the sentinels or the cluster seed nodes ({@code redis://host:port})
 * @param masterName the sentinel master name; null unless {@code mode} is {@link Mode#SENTINEL}
 * @param username ACL user, or null
 * @param password password, or null
 * @param database the database number; 0 in cluster mode
 * @param connectTimeout how long Redisson waits for a TCP connection
 * @param commandTimeout the longest one command may take, retries included; split by
 *     {@link #attemptTimeout()} over {@code retryAttempts + 1} attempts with {@link #RETRY_DELAY} between them
 * @param retryAttempts how often a command that timed out or could not be sent is tried again
 */
public record ConnectionSettings(Mode mode, List<String> addresses, String masterName, String username,
    String password, int database, Duration connectTimeout, Duration commandTimeout, int retryAttempts) {

  /** The three ways Redisson can reach Redis. */
  public enum Mode { SINGLE_SERVER, SENTINEL, CLUSTER }

  /** The pause before a command is tried again. */
  public static final Duration RETRY_DELAY = Duration.ofMillis(50);
  /** The shortest reply wait per attempt that {@link #attemptTimeout()} may come to. */
  public static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(100);

  public ConnectionSettings {
    Objects.requireNonNull(mode, "mode");
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
  }

  /**
   * How long each attempt waits for Redis's reply: the command timeout less the retry delays,
   * shared by all attempts, so that {@code attempts x attemptTimeout + retries x RETRY_DELAY} never
   * exceeds the command timeout.
   */
  public Duration attemptTimeout() {
    return commandTimeout.minus(RETRY_DELAY.multipliedBy(retryAttempts)).dividedBy(retryAttempts + 1L);
  }

  /** A Redisson configuration for these settings; reads go to masters so a write is seen at once. */
  public Config toRedissonConfig() {
    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE);
    switch (mode) {
      case SINGLE_SERVER -> common(config.useSingleServer()).setAddress(addresses.get(0)).setDatabase(database);
      case SENTINEL -> sentinel(config.useSentinelServers());
      case CLUSTER -> common(config.useClusterServers()).setReadMode(ReadMode.MASTER)
          .addNodeAddress(addresses.toArray(String[]::new));
    }
    return config;
  }

  private void sentinel(SentinelServersConfig sentinel) {
    common(sentinel).setReadMode(ReadMode.MASTER).setMasterName(masterName).setDatabase(database)
        .addSentinelAddress(addresses.toArray(String[]::new));
  }

  private <T extends BaseConfig<T>> T common(T server) {
    return server.setUsername(username).setPassword(password)
        .setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()))
        .setTimeout(Math.toIntExact(attemptTimeout().toMillis()))
        .setRetryAttempts(retryAttempts)
        .setRetryDelay(new ConstantDelay(RETRY_DELAY));
  }

  /** Leaves the password out, so settings can be logged. */
  @Override
  public String toString() {
    return "ConnectionSettings[" + describe() + ", database=" + database + ", username=" + username
        + ", password=" + (password == null ? "none" : "***") + "]";
  }

  /** Where we connect, for error messages (never the password). */
  public String describe() {
    return switch (mode) {
      case SINGLE_SERVER -> "Redis server " + addresses.get(0);
      case SENTINEL -> "Redis sentinel master '" + masterName + "' via " + addresses;
      case CLUSTER -> "Redis cluster via " + addresses;
    };
  }
}
