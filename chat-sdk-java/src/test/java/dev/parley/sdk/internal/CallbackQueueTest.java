package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackQueueTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void tasksRunOneAtATimeInOrderOnTheExecutorAndSurviveFailures() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    CallbackQueue q = new CallbackQueue(pool, 1000, paused -> { });
    for (int i = 0; i < 500; i++) {
      int n = i;
      q.submit(() -> {
        ran.add(n);
        threads.add(Thread.currentThread().getName());
        if (n == 10) {
          throw new IllegalStateException("a listener bug must not stop later callbacks");
        }
      });
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 500);
    for (int i = 0; i < 500; i++) {
      assertThat(ran.get(i)).isEqualTo(i);
    }
    assertThat(threads).doesNotContain(Thread.currentThread().getName());
  }

  @Test
  void aBacklogAboveHighWaterPausesAndDrainingResumes() throws Exception {
    List<Boolean> signals = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CallbackQueue q = new CallbackQueue(pool, 8, signals::add);
    q.submit(() -> {
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (int i = 0; i < 10; i++) {
      q.submit(() -> { });
    }
    assertThat(signals).containsExactly(true);
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> signals.size() == 2);
    assertThat(signals).containsExactly(true, false);
  }
}
