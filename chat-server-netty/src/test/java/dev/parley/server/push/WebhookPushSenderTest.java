package dev.parley.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.hooks.OfflinePush;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook against a real HTTP server on a loopback port: the signed payload arrives and
 * verifies; 5xx and 429 are retried with a growing backoff and then delivered, or dropped after
 * the last attempt; a closed port is retried and dropped; other 4xx are not retried; a full queue
 * drops at once. Every outcome is counted in the meters.
 */
class WebhookPushSenderTest {
  private static final byte[] SECRET = "a-shared-secret-of-32-bytes-long".getBytes(StandardCharsets.UTF_8);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookReceiver receiver;
  private WebhookPushSender webhook;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    if (webhook != null) {
      webhook.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private static OfflinePush push(long userId, long messageId) {
    return new OfflinePush(userId, 17, "Ann", 17, 0, "", messageId, "hello", 3,
        Instant.parse("2026-12-02T15:00:00.123Z"));
  }

  private WebhookPushSender webhook(URI url, int attempts) {
    webhook = WebhookPushSender.builder(url, SECRET).maxAttempts(attempts)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(2)).build();
    webhook.bindTo(meters);
    return webhook;
  }

  private double failures(String reason) {
    var c = meters.find("parley.webhook.failures").tag("reason", reason).functionCounter();
    return c == null ? -1 : c.count();
  }

  private double deliveries() {
    return meters.find("parley.webhook.deliveries").functionCounter().count();
  }

  @Test
  void theSignedPayloadArrivesAndVerifies() throws Exception {
    receiver = WebhookReceiver.answering(204);
    webhook(receiver.url(), 3).send(push(42, 1001));

    await().atMost(WAIT).until(() -> receiver.received().size() == 1);
    WebhookReceiver.Received r = receiver.received().get(0);
    String timestamp = r.header(WebhookSignature.TIMESTAMP_HEADER);
    String signature = r.header(WebhookSignature.SIGNATURE_HEADER);
    assertThat(signature).startsWith("sha256=");
    assertThat(WebhookSignature.verify(SECRET, timestamp, r.body(), signature, WebhookSignature.DEFAULT_TOLERANCE))
        .isTrue();
    assertThat(r.header("Content-Type")).isEqualTo("application/json");

    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("type").asText()).isEqualTo("offline_push");
    assertThat(body.get("deliveryId").asText()).isEqualTo(r.header(WebhookSignature.DELIVERY_HEADER)).isNotBlank();
    assertThat(Instant.parse(body.get("createdAt").asText())).isCloseTo(Instant.now(),
        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
    assertThat(body.get("userId").asLong()).isEqualTo(42);
    assertThat(body.get("conversation").asText()).isEqualTo("direct");
    assertThat(body.get("peerId").asLong()).isEqualTo(17);
    assertThat(body.get("groupId").asLong()).isZero();
    assertThat(body.get("groupName").asText()).isEmpty();
    assertThat(body.get("senderId").asLong()).isEqualTo(17);
    assertThat(body.get("senderName").asText()).isEqualTo("Ann");
    assertThat(body.get("messageId").asLong()).isEqualTo(1001);
    assertThat(body.get("sentAt").asText()).isEqualTo("2026-12-02T15:00:00.123Z");
    assertThat(body.get("preview").asText()).isEqualTo("hello");
    assertThat(body.get("unreadCount").asInt()).isEqualTo(3);
    await().atMost(WAIT).until(() -> deliveries() == 1);
    assertThat(webhook.pendingCount()).isZero();
  }

  @Test
  void aTamperedBodyAWrongSecretOrAStaleTimestampDoNotVerify() {
    byte[] body = "{\"userId\":42}".getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(Instant.now().getEpochSecond());
    String sig = WebhookSignature.sign(SECRET, ts, body);
    Duration tolerance = Duration.ofMinutes(5);

    assertThat(WebhookSignature.verify(SECRET, ts, body, sig, tolerance)).isTrue();
    assertThat(WebhookSignature.verify(SECRET, ts, "{\"userId\":43}".getBytes(StandardCharsets.UTF_8), sig,
        tolerance)).isFalse();
    assertThat(WebhookSignature.verify("another-secret-of-some-length!!".getBytes(StandardCharsets.UTF_8), ts, body,
        sig, tolerance)).isFalse();
    String old = Long.toString(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
    assertThat(WebhookSignature.verify(SECRET, old, body, WebhookSignature.sign(SECRET, old, body), tolerance))
        .as("a replay after the tolerance").isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, body, sig.replace("sha256=", "sha1="), tolerance)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, body, "sha256=zz", tolerance)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "yesterday", body, sig, tolerance)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, null, body, sig, tolerance)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, body, null, tolerance)).isFalse();
  }

  @Test
  void fiveHundredThenTwoHundredIsRetriedWithBackoffAndDeliveredOnce() {
    receiver = WebhookReceiver.answering(n -> n <= 2 ? 500 : 200);
    webhook(receiver.url(), 5).send(push(42, 1001));

    await().atMost(WAIT).until(() -> deliveries() == 1);
    List<WebhookReceiver.Received> got = receiver.received();
    assertThat(got).hasSize(3);
    assertThat(got).extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER)).containsOnly(
        got.get(0).header(WebhookSignature.DELIVERY_HEADER));
    for (WebhookReceiver.Received r : got) {
      assertThat(WebhookSignature.verify(SECRET, r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
          r.header(WebhookSignature.SIGNATURE_HEADER), WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
    }
    // Waits of at least half of 100 ms, then of 200 ms (the jitter keeps 50-100% of each step).
    assertThat(Duration.ofNanos(got.get(1).atNanos() - got.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(Duration.ofNanos(got.get(2).atNanos() - got.get(1).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(webhook.retryCount()).isEqualTo(2);
    assertThat(failures("exhausted")).isZero();
  }

  @Test
  void tooManyRequestsIsRetried() {
    receiver = WebhookReceiver.answering(n -> n == 1 ? 429 : 200);
    webhook(receiver.url(), 3).send(push(42, 1001));

    await().atMost(WAIT).until(() -> deliveries() == 1);
    assertThat(receiver.received()).hasSize(2);
  }

  @Test
  void aBadRequestIsNotRetried() {
    receiver = WebhookReceiver.answering(400);
    webhook(receiver.url(), 5).send(push(42, 1001));

    await().atMost(WAIT).until(() -> failures("rejected") == 1);
    assertThat(receiver.received()).hasSize(1);
    assertThat(webhook.retryCount()).isZero();
    assertThat(deliveries()).isZero();
  }

  @Test
  void aReceiverThatKeepsFailingIsDroppedAfterTheLastAttempt() {
    receiver = WebhookReceiver.answering(503);
    webhook(receiver.url(), 3).send(push(42, 1001));

    await().atMost(WAIT).until(() -> failures("exhausted") == 1);
    assertThat(receiver.received()).hasSize(3);
    assertThat(webhook.retryCount()).isEqualTo(2);
    assertThat(webhook.pendingCount()).isZero();
  }

  @Test
  void aClosedPortIsRetriedThenDroppedAndCounted() throws IOException {
    URI down;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/hook");
    } // closed: connections are refused
    webhook(down, 4);
    long started = System.nanoTime();
    webhook.send(push(42, 1001));
    webhook.send(push(43, 1002));

    await().atMost(WAIT).until(() -> failures("exhausted") == 2);
    assertThat(webhook.retryCount()).as("three retries per push").isEqualTo(6);
    // The waits of one push: at least 50 + 100 + 200 ms.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    assertThat(deliveries()).isZero();
    assertThat(webhook.pendingCount()).isZero();
  }

  @Test
  void aFullQueueDropsAtOnceAndCounts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    receiver = WebhookReceiver.answering(n -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 200;
    });
    webhook = WebhookPushSender.builder(receiver.url(), SECRET).maxInFlight(1).queueCapacity(1)
        .requestTimeout(Duration.ofSeconds(10)).build();
    webhook.bindTo(meters);

    webhook.send(push(1, 1)); // in flight, held by the receiver
    webhook.send(push(2, 2)); // waits
    webhook.send(push(3, 3)); // dropped
    assertThat(failures("queue_full")).isEqualTo(1);
    assertThat(webhook.pendingCount()).isEqualTo(2);
    release.countDown();

    await().atMost(WAIT).until(() -> deliveries() == 2);
    assertThat(receiver.received()).extracting(r -> JSON.readTree(r.body()).get("userId").asLong())
        .containsExactly(1L, 2L);
  }

  @Test
  void theBuilderRefusesBadSettings() {
    URI url = URI.create("http://127.0.0.1:1/hook");
    assertThatThrownBy(() -> WebhookPushSender.builder(URI.create("ftp://host/x"), SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
    assertThatThrownBy(() -> WebhookPushSender.builder(url, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> WebhookPushSender.builder(url, SECRET).maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookPushSender.builder(url, SECRET).backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
