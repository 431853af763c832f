package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.testing.Latches;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One session's tasks run in order on a shared pool, a task that finishes later holds the order but
 * not a thread; bounds refuse instead of queueing forever.
 */
class SessionWorkQueueTest {
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(4, 4, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2));

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void tasksOfOneSessionRunInSubmissionOrderOnAParallelPool() {
    SessionWorkQueue queue = new SessionWorkQueue(pool, 1000, timer);
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
    SessionWorkQueue queue = new SessionWorkQueue(pool, 2, timer);
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
    SessionWorkQueue queue = new SessionWorkQueue(pool, 10, timer);
    assertThat(queue.submit(() -> {})).isFalse();
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.submit(() -> {}));
  }

  @Test
  void aTaskFinishingLaterHoldsTheSessionsOrderButNotAThread() {
    ThreadPoolExecutor onePool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(8));
    try {
      SessionWorkQueue first = new SessionWorkQueue(onePool, 10, timer);
      SessionWorkQueue other = new SessionWorkQueue(onePool, 10, timer);
      List<String> ran = new CopyOnWriteArrayList<>();
      AtomicReference<Runnable> later = new AtomicReference<>();
      assertThat(first.submit(done -> {
        ran.add("first-1 started");
        later.set(done);
        return false;
      })).isTrue();
      assertThat(first.submit(() -> ran.add("first-2"))).isTrue();
      CountDownLatch otherRan = new CountDownLatch(1);
      assertThat(other.submit(otherRan::countDown)).isTrue();

      // the pool's only thread is free while first-1 waits, and first-2 waits behind it
      Latches.await(otherRan, 5);
      assertThat(ran).containsExactly("first-1 started");
      ran.add("first-1 done");
      later.get().run();
      await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 3);
      assertThat(ran).containsExactly("first-1 started", "first-1 done", "first-2");
    } finally {
      onePool.shutdownNow();
    }
  }

  @Test
  void aTaskThatIsDoneBeforeItReturnsLetsTheNextRunAtOnce() {
    SessionWorkQueue queue = new SessionWorkQueue(pool, 1000, timer);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      assertThat(queue.submit(done -> {
        ran.add(n);
        if (n % 2 == 0) {
          done.run(); // an already completed future: done comes before run returns false
          return false;
        }
        return true;
      })).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 100);
    assertThat(ran).isSorted();
  }

  @Test
  void tasksFinishingOnOtherThreadsRunOneAtATimeInOrder() {
    ScheduledExecutorService completer = Executors.newScheduledThreadPool(2);
    try {
      SessionWorkQueue queue = new SessionWorkQueue(pool, 1000, timer);
      List<Integer> finished = new CopyOnWriteArrayList<>();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger mostAtOnce = new AtomicInteger();
      for (int i = 0; i < 200; i++) {
        int n = i;
        assertThat(queue.submit(done -> {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          completer.schedule(() -> {
            finished.add(n);
            running.decrementAndGet();
            done.run();
          }, n % 3, TimeUnit.MILLISECONDS);
          return false;
        })).isTrue();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> finished.size() == 200);
      assertThat(finished).isSorted();
      assertThat(mostAtOnce.get()).as("tasks of one session unfinished at once").isEqualTo(1);
    } finally {
      completer.shutdownNow();
    }
  }

  @Test
  void aResumeRefusedByTheFullPoolIsRetriedUntilTaken() {
    ThreadPoolExecutor onePool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    CountDownLatch release = new CountDownLatch(1);
    try {
      SessionWorkQueue queue = new SessionWorkQueue(onePool, 10, timer);
      AtomicReference<Runnable> later = new AtomicReference<>();
      assertThat(queue.submit(done -> {
        later.set(done);
        return false;
      })).isTrue();
      CountDownLatch next = new CountDownLatch(1);
      assertThat(queue.submit(next::countDown)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> later.get() != null && onePool.getActiveCount() == 0);
      CountDownLatch busy = new CountDownLatch(1);
      onePool.execute(() -> {
        busy.countDown();
        awaitQuietly(release);
      });
      Latches.await(busy, 5); // the thread
      onePool.execute(() -> {}); // the queue's one slot: the pool is full

      later.get().run(); // refused by the pool, so retried on the timer

      assertThat(next.getCount()).isEqualTo(1);
      release.countDown();
      Latches.await(next, 5);
    } finally {
      release.countDown();
      onePool.shutdownNow();
    }
  }

  @Test
  void aQueueWithNothingWaitingBehindAFinishedTaskStartsAgainOnTheNextSubmit() {
    SessionWorkQueue queue = new SessionWorkQueue(pool, 10, timer);
    AtomicReference<Runnable> later = new AtomicReference<>();
    assertThat(queue.submit(done -> {
      later.set(done);
      return false;
    })).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> later.get() != null);
    later.get().run();

    CountDownLatch ran = new CountDownLatch(1);
    assertThat(queue.submit(ran::countDown)).isTrue();
    Latches.await(ran, 5);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
