package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionToken;
import dev.parley.core.testing.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hung Redis (SIGSTOPped: connections open, nothing answers) makes every call fail with
 * {@code UNAVAILABLE} within the command timeout (default 2 s) instead of hanging, and the cache
 * recovers by itself once Redis answers again (SIGCONT). Runs its own redis-server, never the
 * shared one.
 */
class HungRedisIT {
  /** The default bound, plus a generous margin for a loaded machine. */
  private static final Duration DEFAULT_BOUND_WITH_MARGIN = Duration.ofSeconds(5);

  private static RedisServerProcess redis;

  @TempDir
  static Path logDir;
  private static RedisCache cache;

  @BeforeAll
  static void start() {
    redis = RedisServerProcess.start(logDir);
    cache = RedisCache.builder().singleServer(redis.url()).keyPrefix("hung-redis-it:").build();
  }

  @AfterEach
  void resumeRedis() {
    redis.resume();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      if (cache != null) {
        cache.close();
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Test
  void tokenStoreFailsFastWhileRedisHangsAndRecoversAfter() {
    SessionToken token = cache.tokens().issue(42);

    redis.suspend();
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN, () -> cache.tokens().verify(token.token()));
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN, () -> cache.tokens().issue(43));

    redis.resume();
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cache.tokens().verify(token.token())).isPresent());
  }

  @Test
  void presenceFailsFastWhileRedisHangsAndRecoversAfter() {
    cache.presence().bind(new PresenceBinding(7, "node-a", "session-1", Instant.EPOCH), LoginPolicy.single());

    redis.suspend();
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN, () -> cache.presence().sessions(7));
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN,
        () -> cache.presence().bind(new PresenceBinding(8, "node-a", "session-2", Instant.EPOCH), LoginPolicy.single()));

    redis.resume();
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cache.presence().sessions(7)).singleElement().satisfies(
            b -> assertThat(b.sessionId()).isEqualTo("session-1")));
  }

  @Test
  void loginLockAndNodeDirectoryFailFastWhileRedisHangs() {
    redis.suspend();
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN, () -> cache.loginLock().withLock(9, () -> "never runs"));
    assertUnavailableWithin(DEFAULT_BOUND_WITH_MARGIN, () -> cache.nodeDirectory().assign());

    redis.resume();
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cache.loginLock().withLock(9, () -> "ran")).isEqualTo("ran"));
  }

  private static void assertUnavailableWithin(Duration bound, Executable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call::execute).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.code()).as("code of %s", e).isEqualTo(ErrorCode.UNAVAILABLE));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(elapsed).as("time to answer UNAVAILABLE").isLessThan(bound);
  }
}
