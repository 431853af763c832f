package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.cache.redis.RedisCache;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.NewUser;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.testing.RedisServerProcess;
import dev.parley.server.GateServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: a gate whose rate limits and tokens live in a Redis that hangs (SIGSTOP) answers a
 * login {@code POST /api/v1/sessions} with 503 {@code UNAVAILABLE} within the default command
 * timeout (2 s) instead of holding the request, and logs in again by itself after SIGCONT. Runs
 * its own redis-server, never the shared one.
 */
class HungRedisGateIT {
  /** The default 2 s bound, plus a generous margin for a loaded machine. */
  private static final Duration BOUND_WITH_MARGIN = Duration.ofSeconds(5);
  private static final String EMAIL = "hung@example.com";
  private static final String PASSWORD = "correct horse 42";

  private static Path logDir;
  private static RedisServerProcess redis;
  private static RedisCache cache;
  private static GateServer gate;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    logDir = Files.createTempDirectory("parley-hung-redis-gate-");
    redis = RedisServerProcess.start(logDir);
    cache = RedisCache.builder().singleServer(redis.url()).keyPrefix("hung-redis-gate-it:").build();
    Argon2PasswordHasher hasher = Argon2PasswordHasher.forTesting();
    InMemoryUserStore users = new InMemoryUserStore();
    users.create(new NewUser(EMAIL, "hung", hasher.hash(PASSWORD)));
    InMemoryNodeDirectory nodes = new InMemoryNodeDirectory();
    nodes.register(new ChatNodeInfo("node-1", "127.0.0.1", 7001, "127.0.0.1", 0, 0, Instant.now()));
    ChatLimits limits = ChatLimits.defaults();
    AccountService accounts = new AccountService(users, cache.verificationCodes(), (email, purpose, mail) -> { },
        cache.tokens(), hasher, cache.rateLimiter(), nodes, limits);
    gate = GateServer.builder().host("127.0.0.1").port(0).accountService(accounts).limits(limits).build().start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (gate != null) {
        gate.close();
      }
      if (cache != null) {
        cache.close();
      }
    } finally {
      if (redis != null) {
        redis.resume();
        redis.stop();
      }
      try (var files = Files.walk(logDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aLoginAgainstAHungRedisAnswers503WithinTheBoundAndWorksAgainAfter() throws Exception {
    assertThat(login().statusCode()).isEqualTo(200);

    redis.suspend();
    try {
      long begin = System.nanoTime();
      HttpResponse<String> hung = login();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);

      assertThat(hung.statusCode()).as(hung.body()).isEqualTo(503);
      assertThat(hung.body()).contains("UNAVAILABLE", "Redis is unavailable");
      assertThat(elapsed).as("time to answer 503").isLessThan(BOUND_WITH_MARGIN);
    } finally {
      redis.resume();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> login().statusCode() == 200);
  }

  private static HttpResponse<String> login() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gate.port() + "/api/v1/sessions"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}"))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
