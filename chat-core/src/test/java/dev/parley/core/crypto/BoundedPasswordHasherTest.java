package dev.parley.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.contract.PasswordHasherContract;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedPasswordHasherTest extends PasswordHasherContract {
  @Override
  protected PasswordHasher newHasher() {
    return BoundedPasswordHasher.forCores(Argon2PasswordHasher.forTesting());
  }

  @Test
  void beyondTheRunningAndWaitingCallersTheNextIsRefusedUnavailableWithRetryAfter() throws Exception {
    BlockingHasher slow = new BlockingHasher();
    BoundedPasswordHasher bounded = new BoundedPasswordHasher(slow, 1, 1);
    // Own threads: the common pool may have a single one on a small machine.
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      refusesBeyondTheBound(slow, bounded, callers);
    } finally {
      slow.release.countDown();
      callers.shutdownNow();
    }
  }

  private static void refusesBeyondTheBound(BlockingHasher slow, BoundedPasswordHasher bounded, ExecutorService callers)
      throws Exception {
    CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> bounded.hash("first"), callers);
    assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> bounded.verify("second", "h"), callers);
    await().atMost(Duration.ofSeconds(10)).until(() -> bounded.waiting() == 1);

    assertThatThrownBy(() -> bounded.hash("third")).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
      assertThat(e.detail()).contains("concurrency=1, running=1, waiting=1, maxWaiting=1");
    });
    assertThat(slow.maxSeenAtOnce.get()).isEqualTo(1);

    slow.release.countDown();
    assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("hash of first");
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(slow.maxSeenAtOnce.get()).as("the waiting caller ran only after the first").isEqualTo(1);
    assertThat(bounded.hash("fourth")).isEqualTo("hash of fourth");
    assertThat(bounded.running()).isZero();
  }

  @Test
  void aFailingDelegateGivesItsTurnBack() {
    PasswordHasher failing = new PasswordHasher() {
      @Override
      public String hash(String password) {
        throw new IllegalArgumentException("too long");
      }

      @Override
      public boolean verify(String password, String hash) {
        return true;
      }
    };
    BoundedPasswordHasher bounded = new BoundedPasswordHasher(failing, 1, 0);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> bounded.hash("x")).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(bounded.verify("x", "y")).isTrue();
    assertThat(bounded.running()).isZero();
  }

  @Test
  void badBoundsAreRefused() {
    PasswordHasher cheap = Argon2PasswordHasher.forTesting();
    assertThatThrownBy(() -> new BoundedPasswordHasher(cheap, 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency=0");
    assertThatThrownBy(() -> new BoundedPasswordHasher(cheap, 1, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A hasher that holds every call until released, and records the most calls it saw at once. */
  private static final class BlockingHasher implements PasswordHasher {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxSeenAtOnce = new AtomicInteger();

    @Override
    public String hash(String password) {
      hold();
      return "hash of " + password;
    }

    @Override
    public boolean verify(String password, String hash) {
      hold();
      return true;
    }

    private void hold() {
      maxSeenAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.decrementAndGet();
      }
    }
  }
}
