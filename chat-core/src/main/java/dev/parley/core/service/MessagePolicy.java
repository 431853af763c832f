package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.hooks.MessageInterceptor.Draft;
import dev.parley.core.hooks.MessageInterceptor.Verdict;
import dev.parley.core.internal.RateLimitedLog;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.NonBlocking;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deployment's {@link MessageInterceptor} before a text is stored (a 1:1 or group send, an
 * edit) and turns its verdict into the text to store or a refusal: {@link #checkedText}.
 *
 * <p>Bounded in time and in threads. The interceptor runs on a dedicated executor of
 * {@link Settings#threads} threads with at most {@link Settings#queueSize} checks waiting, and the
 * caller waits at most {@link Settings#timeout} (queueing included). A check that times out, that
 * the full executor refuses, or that throws (or answers null) fails the send with
 * {@link ErrorCode#UNAVAILABLE}: it is logged (rate-limited, never with the text) and reported to the
 * {@link Observer} (the node counts it in {@code parley_interceptor_failures_total}). A timed-out
 * check is cancelled (its thread interrupted); an interceptor that ignores interrupts keeps its
 * thread, and once every thread is stuck further checks are refused at once as saturated, so the
 * calling threads never wait longer than the deadline.
 *
 * <p>An interceptor marked {@link NonBlocking} runs on the calling thread (no hand-off: a chat node
 * whose every SPI is non-blocking may call this on an event loop); its deadline is enforced after the
 * fact: a check that returns later than the deadline still fails the send (timeout), but nothing can
 * stop it from holding the thread meanwhile, which is why only a truly non-blocking interceptor may
 * carry the mark. {@link #NONE} checks nothing and costs nothing.
 *
 * <p>Thread-safe. The owner (a chat node) calls {@link #close} once when it stops.
 */
public final class MessagePolicy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MessagePolicy.class);
  /** The longest rejection reason passed on to the sender; a longer one is cut. */
  public static final int MAX_REASON = 200;
  /** Accepts every text, runs nothing. */
  public static final MessagePolicy NONE = new MessagePolicy();

  private final MessageInterceptor interceptor;
  private final Settings settings;
  private final int maxTextLength;
  private final Observer observer;
  private final ThreadPoolExecutor executor; // null when the interceptor runs on the calling thread
  private final long timeoutNanos;
  private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

  /** Why a check failed the send with UNAVAILABLE. */
  public enum Failure {
    /** The verdict did not come within the deadline. */
    TIMEOUT,
    /** The interceptor threw or answered null. */
    ERROR,
    /** Every interceptor thread was busy and the queue full. */
    SATURATED;

    /** The metric tag: {@code timeout}, {@code error}, {@code saturated}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Hears how each check ended (for metrics); called on the checking thread, must be cheap. Thread-safe. */
  public interface Observer {
    /** The interceptor answered {@code outcome} in time. */
    default void decided(MessageInterceptor.Outcome outcome) {}

    /** The check failed the send with UNAVAILABLE. */
    default void failed(Failure failure) {}

    /** Hears nothing. */
    Observer NONE = new Observer() {};
  }

  /**
   * How the interceptor is run: {@code timeout} the longest a send waits for its verdict,
   * {@code threads} and {@code queueSize} the bounds of its executor.
   */
  public record Settings(Duration timeout, int threads, int queueSize) {
    /** The default deadline of a check. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    /** Default executor threads. */
    public static final int DEFAULT_THREADS = 8;
    /** Default checks waiting for a thread. */
    public static final int DEFAULT_QUEUE_SIZE = 256;

    public Settings {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("interceptor timeout must be positive, was " + timeout);
      }
      if (threads < 1 || queueSize < 1) {
        throw new IllegalArgumentException("interceptor threads and queueSize must be at least 1, were "
            + threads + " and " + queueSize);
      }
    }

    /** {@value #DEFAULT_THREADS} threads, {@value #DEFAULT_QUEUE_SIZE} queued, 200 ms. */
    public static Settings defaults() {
      return new Settings(DEFAULT_TIMEOUT, DEFAULT_THREADS, DEFAULT_QUEUE_SIZE);
    }

    public Settings withTimeout(Duration v) {
      return new Settings(v, threads, queueSize);
    }

    public Settings withExecutor(int threads, int queueSize) {
      return new Settings(timeout, threads, queueSize);
    }
  }

  private MessagePolicy() {
    this.interceptor = MessageInterceptor.NONE;
    this.settings = Settings.defaults();
    this.maxTextLength = Integer.MAX_VALUE;
    this.observer = Observer.NONE;
    this.executor = null;
    this.timeoutNanos = settings.timeout().toNanos();
  }

  /**
   * Runs {@code interceptor} as {@code settings} say, checking a replaced text against
   * {@code maxTextLength} code points ({@link ChatLimits#maxTextLength}); its threads are daemons named
   * {@code threadPrefix + "-interceptor-" + n}. {@link MessageInterceptor#NONE} gives a policy that
   * runs nothing.
   */
  public MessagePolicy(MessageInterceptor interceptor, Settings settings, int maxTextLength, String threadPrefix,
      Observer observer) {
    this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.maxTextLength = maxTextLength;
    this.observer = Objects.requireNonNull(observer, "observer");
    this.timeoutNanos = settings.timeout().toNanos();
    this.executor = runsOnCallingThread(interceptor) ? null : executor(settings, threadPrefix);
  }

  /** Whether {@code interceptor} runs on the calling thread: NONE, or marked {@link NonBlocking}. */
  public static boolean runsOnCallingThread(MessageInterceptor interceptor) {
    return interceptor == MessageInterceptor.NONE || interceptor instanceof NonBlocking;
  }

  private static ThreadPoolExecutor executor(Settings settings, String threadPrefix) {
    AtomicInteger n = new AtomicInteger();
    String prefix = Objects.requireNonNull(threadPrefix, "threadPrefix") + "-interceptor-";
    ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(settings.queueSize()), r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** True for {@link #NONE} and any policy whose interceptor is {@link MessageInterceptor#NONE}. */
  public boolean isNone() {
    return interceptor == MessageInterceptor.NONE;
  }

  /** How the interceptor is run. */
  public Settings settings() {
    return settings;
  }

  /**
   * The text to store for {@code draft}: its own text when the interceptor accepts it (the caller
   * has checked it already), or the interceptor's replacement, checked like any text (BAD_REQUEST
   * when it shows nothing, TEXT_TOO_LONG past the limit; never stored). REJECTED_BY_POLICY with the
   * interceptor's reason (at most {@link #MAX_REASON} characters) when it rejects; UNAVAILABLE when
   * the check timed out, the executor was full or the interceptor failed. Blocks the calling thread
   * for at most the deadline (a {@link NonBlocking} interceptor: for as long as it runs).
   */
  public String checkedText(Draft draft) {
    Objects.requireNonNull(draft, "draft");
    if (isNone()) {
      return draft.text();
    }
    Verdict verdict = executor == null ? checkHere(draft) : checkOnExecutor(draft);
    observer.decided(verdict.outcome());
    return switch (verdict.outcome()) {
      case ACCEPT -> draft.text();
      case REJECT -> throw new ChatException(ErrorCode.REJECTED_BY_POLICY, reason(verdict.reason()));
      case REPLACE -> replacement(verdict.text());
    };
  }

  private Verdict checkHere(Draft draft) {
    long started = System.nanoTime();
    Verdict verdict;
    try {
      verdict = interceptor.check(draft);
    } catch (RuntimeException e) {
      throw failed(Failure.ERROR, draft, e);
    }
    if (System.nanoTime() - started > timeoutNanos) {
      throw failed(Failure.TIMEOUT, draft, null);
    }
    return nonNull(verdict, draft);
  }

  private Verdict checkOnExecutor(Draft draft) {
    Future<Verdict> pending;
    try {
      pending = executor.submit(() -> interceptor.check(draft));
    } catch (RejectedExecutionException e) {
      throw failed(Failure.SATURATED, draft, null);
    }
    try {
      return nonNull(pending.get(timeoutNanos, TimeUnit.NANOSECONDS), draft);
    } catch (TimeoutException e) {
      cancel(pending);
      throw failed(Failure.TIMEOUT, draft, null);
    } catch (ExecutionException e) {
      throw failed(Failure.ERROR, draft, e.getCause());
    } catch (InterruptedException e) {
      cancel(pending);
      Thread.currentThread().interrupt();
      throw failed(Failure.TIMEOUT, draft, null);
    }
  }

  /** Interrupts a running check, or takes a waiting one out of the queue so its place is free at once. */
  private void cancel(Future<Verdict> pending) {
    pending.cancel(true);
    executor.remove((Runnable) pending);
  }

  /** Checks waiting for an interceptor thread now (0 when the interceptor runs on the calling thread). */
  public int queuedChecks() {
    return executor == null ? 0 : executor.getQueue().size();
  }

  private Verdict nonNull(Verdict verdict, Draft draft) {
    if (verdict == null) {
      throw failed(Failure.ERROR, draft, new NullPointerException("MessageInterceptor.check returned null"));
    }
    return verdict;
  }

  private ChatException failed(Failure failure, Draft draft, Throwable cause) {
    observer.failed(failure);
    // Never the text: the log says who and why, not what was written.
    failureLog.warn("message interceptor {} for a message of user {} ({}): the send fails UNAVAILABLE",
        failure.tag(), draft.senderId(), draft.groupId() != 0 ? "group " + draft.groupId() : "to " + draft.recipientId(),
        cause);
    String why = switch (failure) {
      case TIMEOUT -> "did not answer within " + settings.timeout().toMillis() + " ms";
      case ERROR -> "failed";
      case SATURATED -> "is busy (" + settings.threads() + " threads, " + settings.queueSize() + " queued)";
    };
    return ChatException.unavailable("the message policy " + why + "; try again shortly", Duration.ofSeconds(1));
  }

  private String replacement(String text) {
    try {
      return Validation.messageText(text, maxTextLength);
    } catch (ChatException e) {
      throw new ChatException(e.code(), "the message policy replaced the text with one that cannot be stored: "
          + e.detail());
    }
  }

  private static String reason(String reason) {
    String r = reason.strip();
    if (r.isEmpty()) {
      return "rejected by the message policy";
    }
    if (r.length() <= MAX_REASON) {
      return r;
    }
    int end = Character.isHighSurrogate(r.charAt(MAX_REASON - 1)) ? MAX_REASON - 1 : MAX_REASON;
    return r.substring(0, end) + "...";
  }

  /** Stops the executor; a check still running is interrupted. Idempotent. */
  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
