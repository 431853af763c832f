package dev.parley.cache.redis.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.redisson.config.BaseConfig;
import org.redisson.config.ClusterServersConfig;
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
 */
public record ConnectionSettings(Mode mode, List<String> addresses, String masterName, String username,
    String password, int database, Duration connectTimeout, Duration commandTimeout, int retryAttempts) {

  /** The three ways Redisson can reach Redis. */
  public enum Mode { SINGLE_SERVER, SENTINEL, CLUSTER }

  public ConnectionSettings {
    Objects.requireNonNull(mode, "mode");
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
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
        .setTimeout(Math.toIntExact(commandTimeout.toMillis()))
        .setRetryAttempts(retryAttempts);
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
