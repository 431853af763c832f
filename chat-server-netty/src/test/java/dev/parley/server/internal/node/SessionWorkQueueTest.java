package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One session's tasks run in order on a shared pool; bounds refuse instead of queueing forever. */
class SessionWorkQueueTest {
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(4, 4, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2));

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @Test
  void tasksOfOneSessionRunInSubmissionOrderOnAParallelPool() {
    SessionWorkQueue queue = new SessionWorkQueue(pool, 1000);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 500; i++) {
      int n = i;
      assertThat(queue.submit(() -> ran.add(n))).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 500);
    assertThat(ran).isSorted();
  }

  @Test
  void refusesTasksBeyondItsPendingBound() throws InterruptedException {
    SessionWorkQueue queue = new SessionWorkQueue(pool, 2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    assertThat(queue.submit(() -> {
      started.countDown();
      awaitQuietly(release);
    })).isTrue();
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(queue.submit(() -> {})).isTrue();
    assertThat(queue.submit(() -> {})).isTrue();
    assertThat(queue.submit(() -> {})).as("third waiting task").isFalse();
    release.countDown();
  }

  @Test
  void refusesWhenTheSharedPoolIsFull() {
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 6; i++) { // 4 threads busy, 2 queued: the pool is full
      pool.execute(() -> awaitQuietly(release));
    }
    SessionWorkQueue queue = new SessionWorkQueue(pool, 10);
    assertThat(queue.submit(() -> {})).isFalse();
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.submit(() -> {}));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
