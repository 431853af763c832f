package dev.parley.server.push;

import dev.parley.core.hooks.OfflinePush;
import dev.parley.core.hooks.OfflinePushSender;
import dev.parley.netty.internal.DaemonThreads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OfflinePushSender} that POSTs each push as JSON ({@link WebhookPayload} documents the
 * fields) to the host's URL, signed with a shared secret ({@link WebhookSignature}). It never
 * blocks its caller: {@link #send} only queues, the JDK {@link HttpClient} sends asynchronously.
 *
 * <p>Each push is tried up to {@link Builder#maxAttempts} times, each attempt with a fresh
 * timestamp and signature and a {@link Builder#requestTimeout}; a connection failure, a timeout, a
 * 5xx or a 429 is retried after an exponential backoff ({@link Builder#backoff}, doubled per
 * attempt up to its maximum, with jitter: each wait is 50–100% of the step; a 429's {@code
 * Retry-After} in seconds is honoured up to the maximum), any other status below 200 or from 300
 * up is not (the receiver refused it). At most {@link Builder#maxInFlight} pushes are being sent
 * (or waiting to retry) at once and at most {@link Builder#queueCapacity} more wait behind them;
 * a push beyond that is dropped at once. Every push ends counted once: {@code
 * parley_webhook_deliveries_total}, or {@code parley_webhook_failures_total{reason}} with reason
 * {@code exhausted} (every attempt failed), {@code rejected} (a status that is not retried) or
 * {@code queue_full}; {@code parley_webhook_retries_total} counts the retries and {@code
 * parley_webhook_pending} the pushes queued or in flight. The node registers these meters when the
 * sender is passed to its builder ({@link MeterBinder}).
 *
 * <p>Thread-safe. Owned by whoever built it: {@link #close()} stops the retries (pushes still
 * waiting are dropped); a node does not close it.
 */
public final class WebhookPushSender implements OfflinePushSender, MeterBinder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookPushSender.class);

  private final URI url;
  private final byte[] secret;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxInFlight;
  private final int queueCapacity;
  private final Clock clock;
  private final HttpClient http;
  private final ScheduledExecutorService retries;
  private final Object lock = new Object();
  private final ArrayDeque<Delivery> waiting = new ArrayDeque<>(); // guarded by lock
  private int inFlight; // guarded by lock
  private boolean closed; // guarded by lock
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong exhausted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong queueFull = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();

  /** One push on its way: its id stays the same on every attempt. */
  private record Delivery(String id, long userId, long messageId, byte[] body) {}

  private WebhookPushSender(Builder b) {
    this.url = b.url;
    this.secret = b.secret.clone();
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxInFlight = b.maxInFlight;
    this.queueCapacity = b.queueCapacity;
    this.clock = b.clock;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    this.retries = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("parley-webhook-retry-"));
  }

  /** A builder for a webhook to {@code url} (http or https) signing with {@code secret}. */
  public static Builder builder(URI url, byte[] secret) {
    return new Builder(url, secret);
  }

  /** Queues {@code push}; never blocks. A push that finds the queue full is dropped and counted. */
  @Override
  public void send(OfflinePush push) {
    String id = UUID.randomUUID().toString();
    Delivery d = new Delivery(id, push.userId(), push.messageId(), WebhookPayload.of(push, id, clock.instant()).toJson());
    boolean startNow;
    synchronized (lock) {
      if (closed || waiting.size() >= queueCapacity && inFlight >= maxInFlight) {
        queueFull.incrementAndGet();
        log.debug("webhook queue full ({} in flight, {} waiting); dropped the push to user {}", inFlight,
            waiting.size(), push.userId());
        return;
      }
      startNow = inFlight < maxInFlight;
      if (startNow) {
        inFlight++;
      } else {
        waiting.add(d);
      }
    }
    if (startNow) {
      attempt(d, 1);
    }
  }

  private void attempt(Delivery d, int attempt) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
        .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, d.body()))
        .header(WebhookSignature.DELIVERY_HEADER, d.id())
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body())).build();
    try {
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, failure) -> outcome(d, attempt, response, failure));
    } catch (RuntimeException e) { // e.g. the client refusing the request outright
      outcome(d, attempt, null, e);
    }
  }

  private void outcome(Delivery d, int attempt, HttpResponse<Void> response, Throwable failure) {
    int status = response == null ? 0 : response.statusCode();
    if (failure == null && status >= 200 && status < 300) {
      delivered.incrementAndGet();
      finished();
      return;
    }
    boolean retryable = failure != null || status >= 500 || status == 429;
    String what = failure != null ? failure.toString() : "HTTP " + status;
    if (!retryable) {
      rejected.incrementAndGet();
      log.warn("webhook refused delivery {} (user {}, message {}): {}; not retried", d.id(), d.userId(),
          d.messageId(), what);
      finished();
    } else if (attempt >= maxAttempts || !scheduleRetry(d, attempt, response)) {
      exhausted.incrementAndGet();
      log.warn("webhook delivery {} (user {}, message {}) dropped after {} attempts: {}", d.id(), d.userId(),
          d.messageId(), attempt, what);
      finished();
    } else {
      log.debug("webhook delivery {} attempt {} failed: {}; retrying", d.id(), attempt, what);
    }
  }

  private boolean scheduleRetry(Delivery d, int attempt, HttpResponse<Void> response) {
    long waitMs = backoffMillis(attempt, retryAfterMillis(response));
    try {
      retries.schedule(() -> attempt(d, attempt + 1), waitMs, TimeUnit.MILLISECONDS);
      retried.incrementAndGet();
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) { // closed meanwhile
      return false;
    }
  }

  /** The wait after attempt {@code attempt}: initial x 2^(attempt-1), at most the maximum, 50–100% of it. */
  long backoffMillis(int attempt, long retryAfterMs) {
    long step = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
    step = Math.min(Math.max(step, 1), maxBackoff.toMillis());
    long jittered = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    return Math.min(Math.max(jittered, retryAfterMs), maxBackoff.toMillis());
  }

  private static long retryAfterMillis(HttpResponse<Void> response) {
    if (response == null || response.statusCode() != 429) {
      return 0;
    }
    try {
      return response.headers().firstValue("Retry-After").map(v -> Long.parseLong(v.trim()) * 1000).orElse(0L);
    } catch (NumberFormatException e) {
      return 0; // an HTTP date: the backoff applies
    }
  }

  /** A push ended (delivered or dropped): its slot goes to the next waiting one. */
  private void finished() {
    Delivery next;
    synchronized (lock) {
      next = closed ? null : waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      attempt(next, 1);
    }
  }

  /** Pushes delivered (a 2xx answer). */
  public long deliveredCount() {
    return delivered.get();
  }

  /** Pushes dropped: every attempt failed, refused with a status that is not retried, or the queue full. */
  public long failedCount() {
    return exhausted.get() + rejected.get() + queueFull.get();
  }

  /** Retries scheduled. */
  public long retryCount() {
    return retried.get();
  }

  /** Pushes queued or in flight (including those waiting to retry). */
  public int pendingCount() {
    synchronized (lock) {
      return inFlight + waiting.size();
    }
  }

  /** Registers the webhook's meters (see the class comment) in {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("parley.webhook.deliveries", delivered, AtomicLong::get)
        .description("offline pushes the webhook delivered (2xx)").register(registry);
    failures(registry, "exhausted", exhausted);
    failures(registry, "rejected", rejected);
    failures(registry, "queue_full", queueFull);
    FunctionCounter.builder("parley.webhook.retries", retried, AtomicLong::get)
        .description("webhook attempts retried after a connection failure, timeout, 5xx or 429").register(registry);
    Gauge.builder("parley.webhook.pending", this, WebhookPushSender::pendingCount)
        .description("offline pushes queued or in flight at the webhook").register(registry);
  }

  private static void failures(MeterRegistry registry, String reason, AtomicLong count) {
    FunctionCounter.builder("parley.webhook.failures", count, AtomicLong::get)
        .description("offline pushes the webhook dropped, by reason").tag("reason", reason).register(registry);
  }

  /** Stops retrying and drops the pushes still waiting (counted as {@code queue_full}); idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      queueFull.addAndGet(waiting.size());
      waiting.clear();
    }
    retries.shutdownNow();
  }

  @Override
  public String toString() {
    return "WebhookPushSender[" + url + ", attempts=" + maxAttempts + ", timeout=" + requestTimeout + "]";
  }

  /** Configures a {@link WebhookPushSender}; each setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private final URI url;
    private final byte[] secret;
    private Duration requestTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxInFlight = 16;
    private int queueCapacity = 1000;
    private Clock clock = Clock.systemUTC();

    private Builder(URI url, byte[] secret) {
      Objects.requireNonNull(url, "url");
      if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())
          || url.getHost() == null) {
        throw new IllegalArgumentException("webhook url must be http(s)://host/..., was " + url);
      }
      Objects.requireNonNull(secret, "secret");
      if (secret.length < 16) {
        throw new IllegalArgumentException("webhook secret must be at least 16 bytes, was " + secret.length);
      }
      this.url = url;
      this.secret = Arrays.copyOf(secret, secret.length);
    }

    /** Deadline of one attempt (connecting included); default 5 s. */
    public Builder requestTimeout(Duration v) {
      requestTimeout = positive("requestTimeout", v);
      return this;
    }

    /** Attempts per push, the first included; default 5. 1: never retried. */
    public Builder maxAttempts(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + v);
      }
      maxAttempts = v;
      return this;
    }

    /** The wait after the first failed attempt, and the most any wait may be; default 500 ms and 30 s. */
    public Builder backoff(Duration initial, Duration max) {
      positive("initial", initial);
      positive("max", max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
      }
      initialBackoff = initial;
      maxBackoff = max;
      return this;
    }

    /** Pushes being sent or waiting to retry at once; default 16. */
    public Builder maxInFlight(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, was " + v);
      }
      maxInFlight = v;
      return this;
    }

    /** Pushes waiting behind those in flight; more are dropped. Default 1000. */
    public Builder queueCapacity(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("queueCapacity must not be negative, was " + v);
      }
      queueCapacity = v;
      return this;
    }

    /** The clock of timestamps and {@code createdAt}; default the UTC system clock. */
    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    public WebhookPushSender build() {
      return new WebhookPushSender(this);
    }

    private static Duration positive(String name, Duration v) {
      Objects.requireNonNull(v, name);
      if (v.isZero() || v.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was " + v);
      }
      return v;
    }
  }
}
