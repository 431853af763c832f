package dev.parley.server;

import static dev.parley.server.GateHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.crypto.BoundedPasswordHasher;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.VerificationService;
import dev.parley.core.spi.PasswordHasher;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate cannot be starved: requests trickled byte by byte (slowloris, slow body) are cut at
 * their deadline although every byte comes well within the idle timeout, one address cannot hold
 * more than its share of connections, all together not more than the global cap, and a full
 * password-hashing pool answers 503 with Retry-After. Over real sockets.
 */
class GateStarvationTest {
  private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: gate\r\n\r\n";
  private static final Duration IDLE = Duration.ofMillis(800);
  private static final Duration HEADERS_DEADLINE = Duration.ofMillis(1500);
  private static final Duration REQUEST_DEADLINE = Duration.ofMillis(2500);
  /** Slack for a loaded machine on top of a deadline. */
  private static final Duration MARGIN = Duration.ofSeconds(4);
  private static final Duration BYTE_EVERY = Duration.ofMillis(200);

  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
  private final List<RawHttpConnection> connections = new ArrayList<>();
  private GateFixture fixture;
  private GateServer ownGate;

  @AfterEach
  void stop() {
    trickler.shutdownNow();
    connections.forEach(RawHttpConnection::close);
    if (fixture != null) {
      fixture.close();
    }
    if (ownGate != null) {
      ownGate.stop();
    }
  }

  private void startGate(UnaryOperator<GateServer.Builder> options) {
    fixture = new GateFixture(ChatLimits.defaults(), codes -> null, b -> options.apply(b.idleTimeout(IDLE)
        .requestHeadersTimeout(HEADERS_DEADLINE).requestTimeout(REQUEST_DEADLINE)), true);
  }

  private RawHttpConnection connect(String source) {
    RawHttpConnection c = new RawHttpConnection(fixture.gate.port(), source);
    connections.add(c);
    return c;
  }

  @Test
  void aRequestLineTrickledByteByByteIsAnswered408AndClosedAtTheHeadersDeadline() {
    startGate(UnaryOperator.identity());
    RawHttpConnection c = connect("127.0.0.1");
    long start = System.nanoTime();
    trickle(c, "GET /healthz HTTP/1.1\r\nHost: gate\r\nX-Slow: " + "a".repeat(500));

    RawHttpConnection.Response timedOut = c.read();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(timedOut.status()).isEqualTo(408);
    assertThat(timedOut.body()).contains("\"code\":\"REQUEST_TIMEOUT\"").contains("request line and headers");
    assertThat(timedOut.headers()).containsEntry("connection", "close");
    assertThat(c.closedByServer()).isTrue();
    assertThat(took).as("cut by the headers deadline, not kept alive by the idle timeout")
        .isBetween(HEADERS_DEADLINE, HEADERS_DEADLINE.plus(MARGIN));
  }

  @Test
  void aBodyTrickledByteByByteIsAnswered408AndClosedAtTheRequestDeadline() {
    startGate(UnaryOperator.identity());
    RawHttpConnection c = connect("127.0.0.1");
    long start = System.nanoTime();
    c.write("POST /api/v1/sessions HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
        + "Content-Length: 1000\r\n\r\n");
    trickle(c, "{\"email\": \"" + "a".repeat(980));

    RawHttpConnection.Response timedOut = c.read();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(timedOut.status()).isEqualTo(408);
    assertThat(timedOut.body()).contains("\"code\":\"REQUEST_TIMEOUT\"").contains("whole request");
    assertThat(c.closedByServer()).isTrue();
    assertThat(took).isBetween(REQUEST_DEADLINE, REQUEST_DEADLINE.plus(MARGIN));
    assertThat(fixture.registry.get("parley.gate.requests").tag("route", "sessions").tag("status", "408")
        .counter().count()).isEqualTo(1.0);
  }

  @Test
  void eachRequestOnAKeptAliveConnectionGetsItsOwnDeadline() {
    startGate(b -> b.requestHeadersTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(3)));
    RawHttpConnection c = connect("127.0.0.1");
    // Three requests of ~1.4 s each: together far past the deadline, each well within it.
    for (int i = 0; i < 3; i++) {
      trickle(c, HEALTH, Duration.ofMillis(40));
      assertThat(c.read().status()).isEqualTo(200);
    }
  }

  @Test
  void oneAddressHoldsAtMostItsCapWhileAnotherAddressIsStillServed() {
    startGate(b -> b.maxConnectionsPerAddress(3));
    List<RawHttpConnection> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RawHttpConnection c = connect("127.0.0.1");
      assertThat(c.write(HEALTH).read().status()).isEqualTo(200);
      first.add(c);
    }

    RawHttpConnection overCap = connect("127.0.0.1");
    assertThat(overCap.closedByServer()).isTrue();
    assertThat(refused("per_address")).isEqualTo(1.0);

    assertThat(connect("127.0.0.2").write(HEALTH).read().status()).isEqualTo(200);
    for (RawHttpConnection c : first) {
      assertThat(c.write(HEALTH).read().status()).as("the connections within the cap still work").isEqualTo(200);
    }

    first.get(0).close();
    await().atMost(Duration.ofSeconds(10)).until(() -> servesHealth(connect("127.0.0.1")));
  }

  @Test
  void allAddressesTogetherHoldAtMostTheGlobalCap() {
    startGate(b -> b.maxConnections(2));
    RawHttpConnection one = connect("127.0.0.1");
    assertThat(one.write(HEALTH).read().status()).isEqualTo(200);
    assertThat(connect("127.0.0.2").write(HEALTH).read().status()).isEqualTo(200);

    assertThat(connect("127.0.0.3").closedByServer()).isTrue();
    assertThat(refused("global")).isEqualTo(1.0);
    assertThat(refused("per_address")).isZero();

    one.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> servesHealth(connect("127.0.0.3")));
  }

  @Test
  void aFullPasswordHashingPoolAnswers503WithRetryAfter() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    PasswordHasher blocking = new PasswordHasher() {
      @Override
      public String hash(String password) {
        hold();
        return "not-a-hash";
      }

      @Override
      public boolean verify(String password, String hash) {
        hold();
        return false;
      }

      private void hold() {
        calls.incrementAndGet();
        entered.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    // Many gate workers, one hashing turn and no waiting room: the second login finds the pool full.
    GateHttp http = startGateWithHasher(new BoundedPasswordHasher(blocking, 1, 0));
    try {
      CompletableFuture<GateHttp.Reply> first = http.postJsonAsync("/api/v1/sessions",
          json("email", "first@example.com", "password", "whatever1"));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      GateHttp.Reply refused = http.postJson("/api/v1/sessions", json("email", "second@example.com", "password", "x1"));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.errorCode()).isEqualTo("UNAVAILABLE");
      assertThat(refused.errorMessage()).contains("password hashing is at capacity").contains("running=1");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(calls.get()).as("the refused login never reached the hasher").isEqualTo(1);

      release.countDown();
      assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(401);
    } finally {
      release.countDown();
    }
  }

  private GateHttp startGateWithHasher(PasswordHasher hasher) {
    Clock clock = Clock.systemUTC();
    InMemoryVerificationCodes codes = new InMemoryVerificationCodes(Duration.ofMinutes(10), 5, Duration.ofSeconds(60),
        clock);
    InMemoryNodeDirectory nodes = new InMemoryNodeDirectory(Duration.ofSeconds(45), clock);
    nodes.register(GateFixture.NODE);
    AccountService accounts = new AccountService(new InMemoryUserStore(clock), codes,
        new VerificationService(codes, new RecordingMailSender()), new InMemoryTokenStore(Duration.ofHours(1), clock),
        hasher, new InMemoryRateLimiter(clock), nodes, ChatLimits.defaults());
    ownGate = GateServer.builder().host("127.0.0.1").port(0).accountService(accounts).executorThreads(4).build()
        .start();
    return new GateHttp(ownGate.port());
  }

  private double refused(String reason) {
    return fixture.registry.get("parley.gate.connections.refused").tag("reason", reason).counter().count();
  }

  private static boolean servesHealth(RawHttpConnection c) {
    try {
      return c.write(HEALTH).read().status() == 200;
    } catch (UncheckedIOException e) {
      return false; // refused: the closed connection's permit is not back yet
    }
  }

  private void trickle(RawHttpConnection c, String text) {
    trickle(c, text, BYTE_EVERY);
  }

  /** Writes {@code text} one byte per {@code every} from another thread until done or the server closes. */
  private void trickle(RawHttpConnection c, String text, Duration every) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    AtomicInteger next = new AtomicInteger();
    // A task that throws is not run again: the end of the text, or a write the closed socket refused, ends it.
    trickler.scheduleAtFixedRate(() -> c.write(new byte[] {bytes[next.getAndIncrement()]}), 0, every.toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
