package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.hooks.MessageInterceptor.Draft;
import dev.parley.core.hooks.MessageInterceptor.Outcome;
import dev.parley.core.hooks.MessageInterceptor.Verdict;
import dev.parley.core.service.MessagePolicy.Failure;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.testing.Latches;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The message policy on its real executor: every verdict, every way a check fails (deadline, throw,
 * null, a full executor) and that a failed check holds the caller no longer than the deadline.
 */
class MessagePolicyTest {
  private static final Duration DEADLINE = Duration.ofMillis(150);
  private static final Draft DRAFT = new Draft(7, 8, 0, "c-1", "hello darn world", false);

  private final RecordingObserver observer = new RecordingObserver();
  private final CountDownLatch release = new CountDownLatch(1);
  private MessagePolicy policy;

  @AfterEach
  void close() {
    release.countDown();
    if (policy != null) {
      policy.close();
    }
  }

  private MessagePolicy policy(MessageInterceptor interceptor) {
    return policy(interceptor, 2, 2);
  }

  private MessagePolicy policy(MessageInterceptor interceptor, int threads, int queue) {
    policy = new MessagePolicy(interceptor, new MessagePolicy.Settings(DEADLINE, threads, queue), 20, "test",
        observer);
    return policy;
  }

  @Test
  void anAcceptedDraftKeepsItsText() {
    assertThat(policy(d -> Verdict.accept()).checkedText(DRAFT)).isEqualTo("hello darn world");
    assertThat(observer.decided).containsExactly(Outcome.ACCEPT);
  }

  @Test
  void theInterceptorSeesTheWholeDraft() {
    List<Draft> seen = new CopyOnWriteArrayList<>();
    policy(d -> {
      seen.add(d);
      return Verdict.accept();
    }).checkedText(DRAFT);
    assertThat(seen).containsExactly(DRAFT);
  }

  @Test
  void aRejectionIsRejectedByPolicyWithTheInterceptorsReason() {
    ChatException e = expectError(ErrorCode.REJECTED_BY_POLICY,
        () -> policy(d -> Verdict.reject("no swearing")).checkedText(DRAFT));
    assertThat(e.detail()).isEqualTo("no swearing");
    assertThat(observer.decided).containsExactly(Outcome.REJECT);
  }

  @Test
  void aLongReasonIsCutAndABlankOneSaysWhoRefused() {
    ChatException longer = expectError(ErrorCode.REJECTED_BY_POLICY,
        () -> policy(d -> Verdict.reject("x".repeat(5000))).checkedText(DRAFT));
    assertThat(longer.detail()).hasSize(MessagePolicy.MAX_REASON + 3).endsWith("...");
    policy.close();
    ChatException blank = expectError(ErrorCode.REJECTED_BY_POLICY,
        () -> policy(d -> Verdict.reject("  ")).checkedText(DRAFT));
    assertThat(blank.detail()).isEqualTo("rejected by the message policy");
  }

  @Test
  void aReplacementIsStoredInstead() {
    assertThat(policy(d -> Verdict.replace(d.text().replace("darn", "****"))).checkedText(DRAFT))
        .isEqualTo("hello **** world");
    assertThat(observer.decided).containsExactly(Outcome.REPLACE);
  }

  @Test
  void aReplacementIsCheckedLikeAnyText() {
    ChatException tooLong = expectError(ErrorCode.TEXT_TOO_LONG,
        () -> policy(d -> Verdict.replace("y".repeat(21))).checkedText(DRAFT));
    assertThat(tooLong.detail()).contains("message policy replaced the text").contains("limit is 20");
    policy.close();
    ChatException empty = expectError(ErrorCode.BAD_REQUEST,
        () -> policy(d -> Verdict.replace("\u200B ")).checkedText(DRAFT));
    assertThat(empty.detail()).contains("message policy replaced the text").contains("shows nothing");
  }

  @Test
  void aSlowInterceptorTimesOutWithinAboutTheDeadlineAndIsInterrupted() {
    AtomicBoolean interrupted = new AtomicBoolean();
    MessagePolicy p = policy(d -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return Verdict.accept();
    });
    long started = System.nanoTime();
    ChatException e = expectError(ErrorCode.UNAVAILABLE, () -> p.checkedText(DRAFT));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(tookMs).isBetween(DEADLINE.toMillis() - 5, DEADLINE.toMillis() + 1000);
    assertThat(e.detail()).contains("did not answer within 150 ms");
    assertThat(e.retryAfter()).isPositive();
    assertThat(observer.failed).containsExactly(Failure.TIMEOUT);
    await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted); // its thread is freed for the next check
  }

  @Test
  void aThrowingOrNullAnsweringInterceptorIsUnavailable() {
    expectError(ErrorCode.UNAVAILABLE, () -> policy(d -> {
      throw new IllegalStateException("boom");
    }).checkedText(DRAFT));
    policy.close();
    expectError(ErrorCode.UNAVAILABLE, () -> policy(d -> null).checkedText(DRAFT));
    assertThat(observer.failed).containsExactly(Failure.ERROR, Failure.ERROR);
  }

  @Test
  void anInterceptorThatThrowsAChatExceptionIsStillAFailureNotItsCode() {
    expectError(ErrorCode.UNAVAILABLE, () -> policy(d -> {
      throw new ChatException(ErrorCode.NOT_FOUND, "nothing");
    }).checkedText(DRAFT));
  }

  @Test
  void moreChecksThanThreadsAndQueueAreRefusedAtOnceAsSaturated() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    policy = new MessagePolicy(d -> {
      running.countDown();
      Latches.awaitIgnoringInterrupts(release); // ignores the cancel: holds its thread
      return Verdict.accept();
    }, new MessagePolicy.Settings(Duration.ofSeconds(3), 1, 1), 20, "test", observer);
    MessagePolicy p = policy;
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = callers.submit(() -> catchUnavailable(p)); // runs, stuck
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      Future<?> second = callers.submit(() -> catchUnavailable(p)); // waits in the queue of 1
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> p.queuedChecks() == 1);
      long started = System.nanoTime();
      ChatException third = expectError(ErrorCode.UNAVAILABLE, () -> p.checkedText(DRAFT));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000); // at once
      assertThat(third.detail()).contains("busy (1 threads, 1 queued)");
      assertThat(observer.failed).containsExactly(Failure.SATURATED);
      first.get(10, TimeUnit.SECONDS); // the deadline still ends both waits
      second.get(10, TimeUnit.SECONDS);
      assertThat(observer.failed).containsExactlyInAnyOrder(Failure.SATURATED, Failure.TIMEOUT, Failure.TIMEOUT);
      assertThat(p.queuedChecks()).isZero(); // the timed-out waiter left the queue
    } finally {
      release.countDown();
      callers.shutdownNow();
    }
  }

  @Test
  void checksWorkAgainOnceTheInterceptorRecovers() {
    AtomicBoolean slow = new AtomicBoolean(true);
    MessagePolicy p = policy(d -> {
      if (slow.get()) {
        Latches.awaitIgnoringInterrupts(release);
      }
      return Verdict.accept();
    }, 1, 4);
    expectError(ErrorCode.UNAVAILABLE, () -> p.checkedText(DRAFT));
    slow.set(false);
    release.countDown(); // the stuck check ends, freeing the thread
    await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> p.checkedText(DRAFT).equals(DRAFT.text()));
  }

  @Test
  void aNonBlockingInterceptorRunsOnTheCallingThreadAndItsDeadlineHoldsAfterTheFact() {
    Thread caller = Thread.currentThread();
    List<Thread> ran = new CopyOnWriteArrayList<>();
    MessagePolicy p = policy(new SlowNonBlocking(ran, 0));
    assertThat(p.checkedText(DRAFT)).isEqualTo(DRAFT.text());
    assertThat(ran).containsExactly(caller);
    p.close();
    MessagePolicy late = policy(new SlowNonBlocking(ran, DEADLINE.toMillis() + 50));
    expectError(ErrorCode.UNAVAILABLE, () -> late.checkedText(DRAFT));
    assertThat(observer.failed).containsExactly(Failure.TIMEOUT);
  }

  @Test
  void noneRunsNothing() {
    assertThat(MessagePolicy.NONE.isNone()).isTrue();
    assertThat(MessagePolicy.NONE.checkedText(DRAFT)).isSameAs(DRAFT.text());
    assertThat(MessagePolicy.runsOnCallingThread(MessageInterceptor.NONE)).isTrue();
    assertThat(MessagePolicy.runsOnCallingThread(d -> Verdict.accept())).isFalse();
  }

  @Test
  void settingsRefuseNonsense() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> MessagePolicy.Settings.defaults().withTimeout(Duration.ZERO));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> MessagePolicy.Settings.defaults().withExecutor(0, 1));
    assertThat(MessagePolicy.Settings.defaults().timeout()).isEqualTo(Duration.ofMillis(200));
  }

  private static void catchUnavailable(MessagePolicy p) {
    expectError(ErrorCode.UNAVAILABLE, () -> p.checkedText(DRAFT));
  }


  /** A "non-blocking" interceptor that takes {@code millis} on the caller's thread, recording it. */
  private record SlowNonBlocking(List<Thread> ran, long millis) implements MessageInterceptor, NonBlocking {
    @Override
    public Verdict check(Draft draft) {
      ran.add(Thread.currentThread());
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return Verdict.accept();
    }
  }

  private static final class RecordingObserver implements MessagePolicy.Observer {
    final List<Outcome> decided = new CopyOnWriteArrayList<>();
    final List<Failure> failed = new CopyOnWriteArrayList<>();

    @Override
    public void decided(Outcome outcome) {
      decided.add(outcome);
    }

    @Override
    public void failed(Failure failure) {
      failed.add(failure);
    }
  }
}
