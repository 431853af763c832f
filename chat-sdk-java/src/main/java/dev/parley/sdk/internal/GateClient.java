package dev.parley.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.Registration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The gate's HTTP JSON API (DESIGN section 5) over {@link HttpClient}. Every call is asynchronous;
 * failures arrive as {@link ChatException} with the gate's error code (RATE_LIMITED with its
 * retry-after), UNAVAILABLE when the gate cannot be reached or does not answer in time.
 * Thread-safe and immutable.
 */
public final class GateClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final SessionSettings.DeviceSettings device;

  /**
   * A client of the gate at {@code gateUrl}; HTTP work runs on {@code executor}. An {@code https}
   * gate is reached with {@code tls} (its trust, client certificate and TLS versions); the
   * {@code HttpClient} verifies the gate's hostname unless {@code tls} skips that check.
   */
  public GateClient(URI gateUrl, Duration connectTimeout, Duration requestTimeout, Executor executor, ClientTls tls) {
    this(gateUrl, connectTimeout, requestTimeout, executor, tls, SessionSettings.DeviceSettings.random());
  }

  /** As above; logins name {@code device}. */
  public GateClient(URI gateUrl, Duration connectTimeout, Duration requestTimeout, Executor executor, ClientTls tls,
      SessionSettings.DeviceSettings device) {
    this.device = device;
    String url = gateUrl.toString();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
        .sslContext(tls.sslContext()).sslParameters(tls.sslParameters())
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /** {@code POST /api/v1/verification-codes}. */
  public CompletableFuture<Void> requestVerificationCode(String email, CodePurpose purpose) {
    ObjectNode body = JSON.createObjectNode().put("email", email).put("purpose", purpose.name());
    return post("api/v1/verification-codes", body, null).thenApply(json -> null);
  }

  /** {@code POST /api/v1/users}. */
  public CompletableFuture<Registration> register(String email, String name, String password, String code) {
    ObjectNode body = JSON.createObjectNode().put("email", email).put("name", name).put("password", password)
        .put("code", code);
    return post("api/v1/users", body, null)
        .thenApply(json -> new Registration(json.path("userId").asLong(), json.path("name").asText(name)));
  }

  /** {@code POST /api/v1/password-resets}. */
  public CompletableFuture<Void> resetPassword(String email, String code, String newPassword) {
    ObjectNode body = JSON.createObjectNode().put("email", email).put("code", code).put("newPassword", newPassword);
    return post("api/v1/password-resets", body, null).thenApply(json -> null);
  }

  /**
   * {@code POST /api/v1/sessions} for this client's device ({@code deviceId}, {@code platform} and,
   * when set, {@code deviceName}); the token is bound to that device. An older gate that answers no
   * {@code deviceId} leaves it to be the requested one.
   */
  public CompletableFuture<LoginResult> login(String email, String password) {
    return session(JSON.createObjectNode().put("email", email).put("password", password));
  }

  /** {@code POST /api/v1/sessions} with the host application's {@code jwt}, for this client's device. */
  public CompletableFuture<LoginResult> loginWithJwt(String jwt) {
    return session(JSON.createObjectNode().put("jwt", jwt));
  }

  private CompletableFuture<LoginResult> session(ObjectNode body) {
    body.put("deviceId", device.deviceId()).put("platform", device.platform().name());
    if (!device.name().isEmpty()) {
      body.put("deviceName", device.name());
    }
    return post("api/v1/sessions", body, null).thenApply(json -> new LoginResult(json.path("userId").asLong(),
        required(json, "token").asText(), instant(json.path("expiresAt")), address(json),
        json.path("deviceId").asText(device.deviceId())));
  }

  /** Asks which chat node to reconnect to with {@code token}. */
  public CompletableFuture<ChatAddress> route(String token) {
    return post("api/v1/routes", JSON.createObjectNode(), token).thenApply(GateClient::address);
  }

  private CompletableFuture<JsonNode> post(String path, ObjectNode body, String bearer) {
    URI uri = base.resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle((response, error) -> {
          if (error != null) {
            throw new CompletionException(unreachable(uri, error));
          }
          return GateResponses.parse(uri, response);
        });
  }

  private ChatException unreachable(URI uri, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return new ChatException(ErrorCode.UNAVAILABLE,
          "gate did not answer POST " + uri + " within " + requestTimeout.toMillis() + " ms", cause);
    }
    String what = cause instanceof IOException ? "cannot reach gate" : "gate call failed";
    return new ChatException(ErrorCode.UNAVAILABLE, what + " at " + uri + ": " + cause, cause);
  }

  private static ChatAddress address(JsonNode json) {
    JsonNode chat = required(json, "chat");
    // an older gate sends neither field: a plaintext node without WebSocket
    return new ChatAddress(required(chat, "host").asText(), required(chat, "port").asInt(),
        chat.path("tls").asBoolean(false), chat.path("wsPort").asInt(0));
  }

  private static JsonNode required(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      throw new ChatException(ErrorCode.INTERNAL, "gate answer lacks '" + field + "': " + abbreviate(json.toString()));
    }
    return value;
  }

  /** Accepts epoch milliseconds or an ISO-8601 instant; the far future when absent. */
  private static Instant instant(JsonNode value) {
    if (value.isNumber()) {
      return Instant.ofEpochMilli(value.asLong());
    }
    if (value.isTextual()) {
      return Instant.parse(value.asText());
    }
    return Instant.MAX;
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
