package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.spi.LoginLock;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.UniqueNames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link LoginLock}: mutual exclusion per user, independence across users. */
public abstract class LoginLockContract {
  private static final long WAIT_SECONDS = 10;

  protected LoginLock lock;
  private ExecutorService pool;

  /** The lock under test. */
  protected abstract LoginLock newLock();

  @BeforeEach
  void createLock() {
    lock = newLock();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void withLockReturnsTheActionsResult() {
    assertThat(lock.withLock(UniqueNames.userId(), () -> "done")).isEqualTo("done");
  }

  @Test
  void oneUsersLockIsHeldByOneThreadAtATime() {
    long user = UniqueNames.userId();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    int[] unguarded = {0};

    Concurrently.call(8, t -> {
      for (int i = 0; i < 50; i++) {
        lock.withLock(user, () -> {
          mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          unguarded[0]++; // a lost update here would show a broken lock
          inside.decrementAndGet();
          return null;
        });
      }
      return null;
    });

    assertThat(mostInside.get()).isEqualTo(1);
    assertThat(lock.withLock(user, () -> unguarded[0])).isEqualTo(400);
  }

  @Test
  void differentUsersDoNotBlockEachOther() throws Exception {
    long holder = UniqueNames.userId();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holding = CompletableFuture.runAsync(() -> lock.withLock(holder, () -> {
      held.countDown();
      return awaitLatch(release);
    }), pool);
    assertThat(held.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<String> other = CompletableFuture.supplyAsync(
        () -> lock.withLock(holder + 1, () -> "not blocked"), pool);

    assertThat(other.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("not blocked");
    release.countDown();
    holding.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void aWaitingLoginProceedsOnlyWhenTheHolderFinishes() throws Exception {
    long user = UniqueNames.userId();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean holderDone = new AtomicBoolean();
    CompletableFuture<Void> holding = CompletableFuture.runAsync(() -> lock.withLock(user, () -> {
      held.countDown();
      awaitLatch(release);
      holderDone.set(true);
      return null;
    }), pool);
    assertThat(held.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    AtomicBoolean entered = new AtomicBoolean();
    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> lock.withLock(user, () -> {
      entered.set(true);
      return holderDone.get();
    }), pool);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(WAIT_SECONDS)).untilFalse(entered);

    release.countDown();
    assertThat(waiter.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("entered after the holder finished").isTrue();
    holding.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void theLockIsReleasedWhenTheActionThrows() throws Exception {
    long user = UniqueNames.userId();
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> lock.withLock(user, () -> {
      throw boom;
    })).isSameAs(boom);

    // another thread, since a lock may be reentrant for the thread that leaked it
    CompletableFuture<String> after = CompletableFuture.supplyAsync(() -> lock.withLock(user, () -> "free"), pool);
    assertThat(after.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("free");
  }

  private static Boolean awaitLatch(CountDownLatch latch) {
    try {
      return latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
