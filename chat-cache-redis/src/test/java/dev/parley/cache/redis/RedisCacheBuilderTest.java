package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.cache.redis.internal.ConnectionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;

/** How the builder's timeouts become Redisson's: every attempt and retry pause fits in the command timeout. */
class RedisCacheBuilderTest {

  @Test
  void defaultsBoundACommandToTwoSecondsRetriesIncluded() {
    BaseConfig<?> redisson = singleServer(RedisCache.builder().singleServer("redis://127.0.0.1:1"));

    assertThat(worstCase(redisson)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(redisson.getRetryAttempts()).isEqualTo(1);
    assertThat(redisson.getConnectTimeout()).isEqualTo(1_000);
  }

  @ParameterizedTest
  @CsvSource({"500, 0", "500, 2", "2000, 1", "10000, 5", "1000, 4"})
  void theWorstCaseOfAllAttemptsStaysWithinTheCommandTimeout(long commandMillis, int retries) {
    Duration commandTimeout = Duration.ofMillis(commandMillis);
    BaseConfig<?> redisson = singleServer(RedisCache.builder().singleServer("redis://127.0.0.1:1")
        .commandTimeout(commandTimeout).retryAttempts(retries));

    assertThat(redisson.getRetryAttempts()).isEqualTo(retries);
    assertThat(worstCase(redisson)).isLessThanOrEqualTo(commandTimeout)
        .isGreaterThan(commandTimeout.minusMillis(retries + 1L)); // the budget is used, not wasted
  }

  @Test
  void refusesACommandTimeoutTooShortForItsRetries() {
    RedisCacheBuilder builder = RedisCache.builder().singleServer("redis://127.0.0.1:1")
        .commandTimeout(Duration.ofMillis(300)).retryAttempts(3);

    assertThatThrownBy(builder::connectionSettings).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("commandTimeout 300 ms").hasMessageContaining("4 attempts");
  }

  private static BaseConfig<?> singleServer(RedisCacheBuilder builder) {
    Config config = builder.connectionSettings().toRedissonConfig();
    return config.useSingleServer();
  }

  // Every attempt waits its full timeout, with the retry pause before each retry.
  private static Duration worstCase(BaseConfig<?> redisson) {
    int attempts = redisson.getRetryAttempts() + 1;
    Duration pauses = Duration.ZERO;
    for (int retry = 1; retry < attempts; retry++) {
      pauses = pauses.plus(redisson.getRetryDelay().calcDelay(retry));
    }
    return Duration.ofMillis((long) redisson.getTimeout() * attempts).plus(pauses);
  }
}
