package dev.parley.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.contract.LoginLockContract;
import dev.parley.core.testing.UniqueNames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The login lock contract against a real Redis (Redisson RLock), under a fresh key prefix per test,
 * plus the Redis-specific bounds: the wait that ends in UNAVAILABLE and the lease that frees the
 * lock of a holder that never lets go.
 */
class RedisLoginLockIT extends LoginLockContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private final ExecutorService holders = Executors.newSingleThreadExecutor();
  private final CountDownLatch letGo = new CountDownLatch(1);

  @Override
  protected LoginLock newLock() {
    return redis.newCache().buildWith(redis.client()).loginLock();
  }

  @AfterEach
  void releaseHolders() throws InterruptedException {
    letGo.countDown();
    holders.shutdown();
    assertThat(holders.awaitTermination(10, TimeUnit.SECONDS)).as("holder finished").isTrue();
  }

  @Test
  void aLoginThatCannotGetTheLockInTimeFailsWithUnavailable() throws Exception {
    RedisCache cache = redis.newCache().loginLockWait(Duration.ofMillis(200)).buildWith(redis.client());
    long user = UniqueNames.userId();
    CountDownLatch held = holdOnAnotherThread(cache.loginLock(), user);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> cache.loginLock().withLock(user, () -> "never runs"))
        .isInstanceOfSatisfying(ChatException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(e.getMessage()).contains("login lock of user " + user, "200 ms");
        });
  }

  @Test
  void theLeaseFreesTheLockOfAHolderThatNeverLetsGo() throws Exception {
    RedisCache cache = redis.newCache().loginLockLease(Duration.ofMillis(500)).loginLockWait(Duration.ofSeconds(10))
        .buildWith(redis.client());
    long user = UniqueNames.userId();
    CountDownLatch held = holdOnAnotherThread(cache.loginLock(), user);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    // the holder is still inside its action; only the lease running out lets this login in
    assertThat(cache.loginLock().withLock(user, () -> "after the lease")).isEqualTo("after the lease");
    assertThat(letGo.getCount()).isEqualTo(1);
  }

  private CountDownLatch holdOnAnotherThread(LoginLock lock, long user) {
    CountDownLatch held = new CountDownLatch(1);
    CompletableFuture.runAsync(() -> lock.withLock(user, () -> {
      held.countDown();
      try {
        return letGo.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }), holders);
    return held;
  }
}
