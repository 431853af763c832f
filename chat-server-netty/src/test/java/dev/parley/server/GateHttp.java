package dev.parley.server;

<<<<<<< HEAD
=======
import static org.assertj.core.api.Assertions.assertThat;

>>>>>>> server-node
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
<<<<<<< HEAD
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small JSON client for the gate over a real loopback connection (java.net.http, HTTP/1.1). */
final class GateHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  GateHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response with its body as text and, when it is JSON, parsed. */
  record Reply(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String errorMessage() {
      return json().path("error").path("message").asText();
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Reply postJson(String path, String json) {
    return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Reply post(String path, String contentType, byte[] body) {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  CompletableFuture<Reply> postJsonAsync(String path, String json) {
    HttpRequest request = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r.headers(), r.body()));
  }

  Reply postWithToken(String path, String authorization) {
    HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  Reply get(String path) {
    return send(request(path).GET().build());
  }

  Reply method(String method, String path) {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body());
=======
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The gate's HTTP API as the tests call it, with java.net.http. */
final class GateHttp {
  /** A signed-up, logged-in account: its id, token and assigned chat node. */
  record Account(long userId, String email, String token, String chatHost, int chatPort) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  GateHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Requests a code, reads it from the mail, registers and logs in. */
  Account signUp(RecordingMailSender mail, String name, String password) {
    String email = name.toLowerCase() + "@example.com";
    assertThat(post("/api/v1/verification-codes", Map.of("email", email, "purpose", "REGISTER"), null).statusCode())
        .isEqualTo(202);
    String code = mail.awaitCode(email);
    HttpResponse<String> created = post("/api/v1/users",
        Map.of("email", email, "name", name, "password", password, "code", code), null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return login(email, password);
  }

  Account login(String email, String password) {
    HttpResponse<String> r = post("/api/v1/sessions", Map.of("email", email, "password", password), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = read(r.body());
    return new Account(body.get("userId").asLong(), email, body.get("token").asText(),
        body.get("chat").get("host").asText(), body.get("chat").get("port").asInt());
  }

  /** The reconnect route for a token: the chat node's port. */
  int routePort(String token) {
    HttpResponse<String> r = post("/api/v1/routes", Map.of(), token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return read(r.body()).get("chat").get("port").asInt();
  }

  private HttpResponse<String> post(String path, Map<String, String> body, String bearer) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
>>>>>>> server-node
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
<<<<<<< HEAD
      throw new AssertionError("interrupted", e);
    }
  }

  static String json(Object... keysAndValues) {
    var node = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
    }
    return node.toString();
=======
      throw new AssertionError(e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
>>>>>>> server-node
  }
}
