package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.LoginResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the SDK reads gate answers, against a scripted HTTP server on loopback (the end-to-end tests
 * use the real gate; this one pins the error mapping for answers a real gate rarely gives).
 */
class GateClientTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private GateClient gate;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
    gate = new GateClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        Duration.ofSeconds(2), Duration.ofSeconds(2), pool, new ClientTls(null, null, null, true));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void answer(String path, int status, String body, String... headers) {
    server.createContext(path, exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      for (int i = 0; i < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
  }

  private static ChatException failure(java.util.concurrent.CompletableFuture<?> f) throws Exception {
    ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    return Failures.chatException(e);
  }

  @Test
  void loginReadsTokenExpiryAndChatNode() throws Exception {
    answer("/api/v1/sessions", 200,
        "{\"userId\":42,\"token\":\"t0k\",\"expiresAt\":\"2030-01-02T03:04:05Z\",\"chat\":{\"host\":\"10.0.0.9\",\"port\":9000}}");
    LoginResult login = gate.login("a@b.io", "pw").get(5, TimeUnit.SECONDS);
    assertThat(login.userId()).isEqualTo(42);
    assertThat(login.token()).isEqualTo("t0k");
    assertThat(login.expiresAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
    assertThat(login.chat()).isEqualTo(new ChatAddress("10.0.0.9", 9000, false, 0)); // an older gate: no tls, no wsPort
    assertThat(login.toString()).doesNotContain("t0k");
    assertThat(requests.get(0)).startsWith("POST /api/v1/sessions null ").contains("\"email\":\"a@b.io\"");
  }

  @Test
  void loginNamesTheDeviceAndReadsTheDeviceTheTokenIsFor() throws Exception {
    GateClient phone = new GateClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        Duration.ofSeconds(2), Duration.ofSeconds(2), pool, new ClientTls(null, null, null, true),
        new SessionSettings.DeviceSettings("phone:7", dev.parley.core.model.Platform.MOBILE, "Ann's phone"));
    answer("/api/v1/sessions", 200, "{\"userId\":42,\"token\":\"t\",\"deviceId\":\"phone:7\","
        + "\"chat\":{\"host\":\"10.0.0.9\",\"port\":9000}}");
    LoginResult login = phone.login("a@b.io", "pw").get(5, TimeUnit.SECONDS);
    assertThat(login.deviceId()).isEqualTo("phone:7");
    assertThat(requests.get(0)).contains("\"deviceId\":\"phone:7\"", "\"platform\":\"MOBILE\"",
        "\"deviceName\":\"Ann's phone\"");

    // an older gate answers no deviceId: the login is for the device asked for; no name, no field
    GateClient unnamed = new GateClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        Duration.ofSeconds(2), Duration.ofSeconds(2), pool, new ClientTls(null, null, null, true),
        new SessionSettings.DeviceSettings("desk", dev.parley.core.model.Platform.DESKTOP, ""));
    server.removeContext("/api/v1/sessions");
    answer("/api/v1/sessions", 200, "{\"userId\":42,\"token\":\"t\",\"chat\":{\"host\":\"10.0.0.9\",\"port\":9000}}");
    assertThat(unnamed.login("a@b.io", "pw").get(5, TimeUnit.SECONDS).deviceId()).isEqualTo("desk");
    assertThat(requests.get(1)).contains("\"platform\":\"DESKTOP\"").doesNotContain("deviceName");
  }

  @Test
  void routesSendTheBearerToken() throws Exception {
    answer("/api/v1/routes", 200, "{\"chat\":{\"host\":\"127.0.0.1\",\"port\":9001}}");
    assertThat(gate.route("secret").get(5, TimeUnit.SECONDS).port()).isEqualTo(9001);
    assertThat(requests.get(0)).startsWith("POST /api/v1/routes Bearer secret");
  }

  @Test
  void theChatAddressCarriesTheNodesTlsFlagAndWebSocketPort() throws Exception {
    answer("/api/v1/routes", 200, "{\"chat\":{\"host\":\"chat.example.com\",\"port\":7443,\"tls\":true,\"wsPort\":7444}}");
    assertThat(gate.route("secret").get(5, TimeUnit.SECONDS))
        .isEqualTo(new ChatAddress("chat.example.com", 7443, true, 7444));
  }

  @Test
  void errorBodiesBecomeTheirCode() throws Exception {
    answer("/api/v1/users", 409, "{\"error\":{\"code\":\"NAME_TAKEN\",\"message\":\"name 'ada' is taken\"}}");
    ChatException e = failure(gate.register("a@b.io", "ada", "pw", "123456"));
    assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN);
    assertThat(e.detail()).isEqualTo("name 'ada' is taken");
  }

  @Test
  void rateLimitedCarriesRetryAfter() throws Exception {
    answer("/api/v1/verification-codes", 429, "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}",
        "Retry-After", "42");
    ChatException e = failure(gate.requestVerificationCode("a@b.io", CodePurpose.REGISTER));
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void aBodyWithoutErrorJsonIsJudgedByStatus() throws Exception {
    answer("/api/v1/routes", 503, "<html>bad gateway</html>");
    assertThat(failure(gate.route("t")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    answer("/api/v1/sessions", 401, "");
    assertThat(failure(gate.login("a@b.io", "x")).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  void anUnknownCodeFromANewerGateIsInternalNotACrash() throws Exception {
    answer("/api/v1/password-resets", 400, "{\"error\":{\"code\":\"SOMETHING_NEW\",\"message\":\"?\"}}");
    assertThat(failure(gate.resetPassword("a@b.io", "1", "pw")).code()).isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void anUnreachableGateIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    GateClient nowhere = new GateClient(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1),
        Duration.ofSeconds(1), pool, new ClientTls(null, null, null, true));
    ChatException e = failure(nowhere.login("a@b.io", "pw"));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).contains("cannot reach gate");
  }
}
