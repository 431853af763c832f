package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sign-up, login and reconnect through the gate's HTTP API, as a client does it (java.net.http). */
final class SignUpClient {
  /** A signed-up, logged-in account: its id, token and assigned chat node. */
  record Account(long userId, String email, String token, String chatHost, int chatPort) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  SignUpClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Requests a code, reads it from the mail, registers and logs in. */
  Account signUp(RecordingMailSender mail, String name, String password) {
    String email = name.toLowerCase() + "@example.com";
    assertThat(post("/api/v1/verification-codes", Map.of("email", email, "purpose", "REGISTER"), null).statusCode())
        .isEqualTo(202);
    String code = mail.lastCodeFor(email); // the gate answers 202 after the mail is handed over
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

  /** The HTTP status of {@code POST /api/v1/routes} with {@code token}. */
  int routeStatus(String token) {
    return post("/api/v1/routes", Map.of(), token).statusCode();
  }

  /** Requests a RESET_PASSWORD code, reads it from the mail and sets {@code newPassword} with it. */
  void resetPassword(RecordingMailSender mail, String email, String newPassword) {
    assertThat(post("/api/v1/verification-codes", Map.of("email", email, "purpose", "RESET_PASSWORD"), null)
        .statusCode()).isEqualTo(202);
    HttpResponse<String> r = post("/api/v1/password-resets",
        Map.of("email", email, "code", mail.lastCodeFor(email), "newPassword", newPassword), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
