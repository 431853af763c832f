package dev.parley.server;

import static dev.parley.server.GateHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.CodeIssuer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate at the connection level over raw sockets: oversized bodies, keep-alive, pipelining,
 * malformed HTTP, a saturated worker pool, idle connections and shutdown.
 */
class GateConnectionTest {
  private static final int ONE_MB = 1024 * 1024;
  private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: gate\r\n\r\n";

  private GateFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private RawHttpConnection connect() {
    return new RawHttpConnection(fixture.gate.port());
  }

  private static String postHead(String path, long contentLength, String extraHeaders) {
    return "POST " + path + " HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + contentLength + "\r\n" + extraHeaders + "\r\n";
  }

  @Test
  void aOneMegabyteBodyIsRefusedBeforeItIsSentAndTheConnectionServesTheNextRequest() {
    fixture = new GateFixture();
    try (RawHttpConnection c = connect()) {
      c.write(postHead("/api/v1/users", ONE_MB, ""));

      // The 413 arrives before a single body byte is sent: the body is never buffered.
      RawHttpConnection.Response tooLarge = c.read();
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"").contains("16384");

      byte[] body = new byte[ONE_MB];
      Arrays.fill(body, (byte) 'x');
      c.write(body); // read and discarded by the server
      RawHttpConnection.Response health = c.write(HEALTH).read();
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }
    assertThat(fixture.http.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedAndTheRestDiscarded() {
    fixture = new GateFixture();
    try (RawHttpConnection c = connect()) {
      c.write("POST /api/v1/users HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      String chunk = "2000\r\n" + "x".repeat(0x2000) + "\r\n";
      for (int i = 0; i < ONE_MB / 0x2000; i++) {
        c.write(chunk);
      }
      c.write("0\r\n\r\n");

      assertThat(c.read().status()).isEqualTo(413);
      assertThat(c.write(HEALTH).read().status()).isEqualTo(200);
    }
  }

  @Test
  void anOversizedBodyBehindExpectContinueIsRefusedAndTheConnectionClosed() {
    fixture = new GateFixture();
    try (RawHttpConnection c = connect()) {
      RawHttpConnection.Response response = c.write(postHead("/api/v1/users", ONE_MB, "Expect: 100-continue\r\n")).read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.headers()).containsEntry("connection", "close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aBodyOfExactlyTheLimitIsServedAndOneByteMoreIsNot() {
    fixture = new GateFixture(ChatLimits.defaults().withMaxHttpBodyBytes(1024), codes -> null,
        UnaryOperator.identity(), true);
    String login = json("email", "nobody@example.com", "password", "whatever1");
    String atLimit = login + " ".repeat(1024 - login.length());
    try (RawHttpConnection c = connect()) {
      RawHttpConnection.Response ok = c.write(postHead("/api/v1/sessions", 1024, "") + atLimit).read();
      assertThat(ok.status()).isEqualTo(401); // parsed and served: INVALID_CREDENTIALS
      RawHttpConnection.Response tooLarge = c.write(postHead("/api/v1/sessions", 1025, "") + atLimit + " ").read();
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(c.write(HEALTH).read().status()).isEqualTo(200);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    fixture = new GateFixture();
    String slowLogin = json("email", "nobody@example.com", "password", "whatever1");
    try (RawHttpConnection c = connect()) {
      c.write(postHead("/api/v1/sessions", slowLogin.length(), "") + slowLogin + HEALTH
          + "GET /nope HTTP/1.1\r\nHost: gate\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(401); // worker pool, Argon2
      assertThat(c.read().status()).isEqualTo(200); // inline, but waits its turn
      assertThat(c.read().status()).isEqualTo(404);
    }
  }

  @Test
  void keepAliveServesManyRequestsAndConnectionCloseIsHonoured() {
    fixture = new GateFixture();
    try (RawHttpConnection c = connect()) {
      for (int i = 0; i < 3; i++) {
        RawHttpConnection.Response r = c.write(HEALTH).read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).doesNotContainKey("connection");
      }
      RawHttpConnection.Response last = c.write("GET /healthz HTTP/1.1\r\nHost: gate\r\nConnection: close\r\n\r\n").read();
      assertThat(last.status()).isEqualTo(200);
      assertThat(last.headers()).containsEntry("connection", "close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void http10IsClosedUnlessItAsksForKeepAlive() {
    fixture = new GateFixture();
    try (RawHttpConnection c = connect()) {
      RawHttpConnection.Response r = c.write("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
      assertThat(r.headers()).containsEntry("connection", "keep-alive");
      c.write("GET /healthz HTTP/1.0\r\n\r\n").read();
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void malformedHttpIsBadRequestAndClosed() {
    fixture = new GateFixture();
    try (RawHttpConnection c = connect()) {
      RawHttpConnection.Response r = c.write("GET /healthz HTTP/9.x\r\nHost: gate\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":\"BAD_REQUEST\"");
      assertThat(c.closedByServer()).isTrue();
    }
    try (RawHttpConnection c = connect()) {
      RawHttpConnection.Response r = c.write("GET /healthz HTTP/1.1\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(fixture.http.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void aSaturatedWorkerPoolAnswers503AtOnceWhileHealthStillAnswers() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CodeIssuer blocking = (email, purpose, mail) -> {
      entered.countDown();
      awaitQuietly(release);
    };
    fixture = new GateFixture(ChatLimits.defaults(), codes -> blocking,
        b -> b.executorThreads(1).executorQueue(1), true);
    try {
      CompletableFuture<GateHttp.Reply> running = requestCodeAsync("running@example.com");
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<GateHttp.Reply> queued = requestCodeAsync("queued@example.com");
      await().atMost(Duration.ofSeconds(10)).until(() -> fixture.http.get("/metrics").body()
          .contains("parley_gate_workers_queued 1.0"));

      GateHttp.Reply refused = fixture.http.postJson("/api/v1/verification-codes",
          json("email", "refused@example.com", "purpose", "REGISTER"));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.errorCode()).isEqualTo("UNAVAILABLE");
      assertThat(refused.errorMessage()).contains("threads=1, active=1, queued=1");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(fixture.http.get("/healthz").status()).isEqualTo(200);

      release.countDown();
      assertThat(running.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
      assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
    } finally {
      release.countDown();
    }
  }

  @Test
  void anIdleConnectionIsClosed() {
    fixture = new GateFixture(ChatLimits.defaults(), codes -> null, b -> b.idleTimeout(Duration.ofMillis(300)), true);
    try (RawHttpConnection c = connect()) {
      assertThat(c.write(HEALTH).read().status()).isEqualTo(200);
      assertThat(c.closedByServer()).isTrue(); // within the 10 s read timeout
    }
  }

  @Test
  void aTakenPortFailsStartAndLeavesTheRunningGateAlone() {
    fixture = new GateFixture();
    GateServer second = GateServer.builder().host("127.0.0.1").port(fixture.gate.port())
        .accountService(fixture.accounts).build();
    assertThatThrownBy(second::start).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("127.0.0.1:" + fixture.gate.port());
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class);
    assertThat(fixture.http.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void theNioTransportServesTheSameWay() {
    fixture = new GateFixture(ChatLimits.defaults(), codes -> null, b -> b.preferNativeTransport(false), true);
    assertThat(fixture.gate.transport()).isEqualTo("NIO");
    try (RawHttpConnection c = connect()) {
      assertThat(c.write(postHead("/api/v1/users", ONE_MB, "")).read().status()).isEqualTo(413);
      c.write(new byte[ONE_MB]);
      assertThat(c.write(HEALTH).read().status()).isEqualTo(200);
    }
    assertThat(fixture.register("nio@example.com", "nio").status()).isEqualTo(201);
  }

  @Test
  void stopClosesOpenConnectionsAndRefusesNewOnes() {
    fixture = new GateFixture();
    int port = fixture.gate.port();
    try (RawHttpConnection c = connect()) {
      assertThat(c.write(HEALTH).read().status()).isEqualTo(200);
      fixture.gate.stop();
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(canConnect(port)).isFalse();
  }

  private CompletableFuture<GateHttp.Reply> requestCodeAsync(String email) {
    return fixture.http.postJsonAsync("/api/v1/verification-codes", json("email", email, "purpose", "REGISTER"));
  }

  private static boolean canConnect(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
