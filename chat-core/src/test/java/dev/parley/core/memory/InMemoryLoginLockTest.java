package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.contract.LoginLockContract;
import dev.parley.core.testing.Concurrently;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract, plus its own clean-up. */
class InMemoryLoginLockTest extends LoginLockContract {
  @Override
  protected LoginLock newLock() {
    return new InMemoryLoginLock();
  }

  @Test
  void entriesAreDroppedWhenNoOneHoldsOrWaits() {
    InMemoryLoginLock l = new InMemoryLoginLock();
    Concurrently.call(4, t -> {
      for (int i = 0; i < 100; i++) {
        l.withLock(i % 3, () -> null);
      }
      return null;
    });
    assertThatThrownBy(() -> l.withLock(7, () -> {
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(l.lockedUsers()).isZero();
  }

  @Test
  void aLockHeldTooLongFailsTheWaiterWithUnavailable() throws Exception {
    InMemoryLoginLock l = new InMemoryLoginLock(Duration.ofMillis(50));
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Object> holder = pool.submit(() -> l.withLock(1, () -> {
        held.countDown();
        return awaitQuietly(release);
      }));
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> l.withLock(1, () -> "never"))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
      assertThat(l.lockedUsers()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Object awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
