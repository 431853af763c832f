package dev.parley.server;

import static dev.parley.server.GateHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad requests get clean 4xx answers naming what is wrong: malformed or non-object JSON, missing
 * and wrong-typed fields, wrong content type, unknown routes and methods. Plus health and metrics.
 */
class GateRequestValidationTest {
  private static GateFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new GateFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static GateHttp.Reply post(String path, String body) {
    return fixture.http.postJson(path, body);
  }

  private static void assertBadRequest(GateHttp.Reply reply, String messagePart) {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    assertThat(reply.errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(reply.errorMessage()).contains(messagePart);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"email\": ", "{email: 'x'}", "not json", "{\"a\":1}}", "{\"a\":1,\"a\":2}"})
  void malformedJsonIsBadRequest(String body) {
    assertBadRequest(post("/api/v1/sessions", body), "JSON");
  }

  @Test
  void deeplyNestedJsonIsBadRequestNotACrash() {
    String nested = "{\"email\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertBadRequest(post("/api/v1/sessions", nested), "malformed JSON");
    assertThat(fixture.http.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void aBodyThatIsNotAnObjectIsBadRequest() {
    assertBadRequest(post("/api/v1/sessions", "[1, 2]"), "must be a JSON object, was array");
    assertBadRequest(post("/api/v1/sessions", "\"text\""), "must be a JSON object, was string");
  }

  @Test
  void anEmptyBodyIsBadRequest() {
    assertBadRequest(post("/api/v1/sessions", ""), "empty");
  }

  @Test
  void aMissingFieldIsNamed() {
    assertBadRequest(post("/api/v1/sessions", json("email", "ada@example.com")), "field 'password' is required");
    assertBadRequest(post("/api/v1/users", json("email", "ada@example.com", "name", "ada", "password", "pw12345678")),
        "field 'code' is required");
    assertBadRequest(post("/api/v1/password-resets", json("email", "ada@example.com", "code", "123456")),
        "field 'newPassword' is required");
  }

  @Test
  void aNullFieldCountsAsMissing() {
    assertBadRequest(post("/api/v1/sessions", "{\"email\": null, \"password\": \"x\"}"), "field 'email' is required");
  }

  @Test
  void aWrongTypedFieldIsNamedWithItsType() {
    assertBadRequest(post("/api/v1/sessions", "{\"email\": 42, \"password\": \"x\"}"),
        "field 'email' must be a string, was number");
    assertBadRequest(post("/api/v1/sessions", "{\"email\": \"a@b.co\", \"password\": [\"x\"]}"),
        "field 'password' must be a string, was array");
    assertBadRequest(post("/api/v1/verification-codes", "{\"email\": \"a@b.co\", \"purpose\": true}"),
        "field 'purpose' must be a string, was boolean");
  }

  @Test
  void anUnknownPurposeListsTheAllowedOnes() {
    assertBadRequest(post("/api/v1/verification-codes", json("email", "a@b.co", "purpose", "LOGIN")),
        "field 'purpose' must be one of REGISTER, RESET_PASSWORD, was 'LOGIN'");
  }

  @Test
  void unknownFieldsAreIgnored() {
    GateHttp.Reply reply = post("/api/v1/verification-codes",
        json("email", "unknown-fields@example.com", "purpose", "REGISTER", "extra", 1, "nested", java.util.Map.of("a", 1)));
    assertThat(reply.status()).isEqualTo(202);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
      "application/jsonx"})
  void aNonJsonContentTypeIsUnsupportedMediaType(String contentType) {
    GateHttp.Reply reply = fixture.http.post("/api/v1/sessions", contentType,
        json("email", "a@b.co", "password", "x").getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void jsonWithUtf8CharsetOrOtherCaseIsAccepted() {
    byte[] body = json("email", "nobody@example.com", "password", "whatever1").getBytes(StandardCharsets.UTF_8);
    assertThat(fixture.http.post("/api/v1/sessions", "application/json; charset=UTF-8", body).errorCode())
        .isEqualTo("INVALID_CREDENTIALS");
    assertThat(fixture.http.post("/api/v1/sessions", "Application/JSON", body).errorCode())
        .isEqualTo("INVALID_CREDENTIALS");
  }

  @Test
  void anUnknownRouteIsNotFound() {
    GateHttp.Reply reply = fixture.http.get("/api/v2/users");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(post("/api/v1/users/", "{}").status()).isEqualTo(404);
  }

  @Test
  void aKnownRouteWithAnotherMethodIsMethodNotAllowedWithAllow() {
    GateHttp.Reply get = fixture.http.get("/api/v1/users");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(get.header("Allow")).isEqualTo("POST");

    GateHttp.Reply postHealth = post("/healthz", "{}");
    assertThat(postHealth.status()).isEqualTo(405);
    assertThat(postHealth.header("Allow")).isEqualTo("GET");

    assertThat(fixture.http.method("DELETE", "/api/v1/sessions").status()).isEqualTo(405);
  }

  @Test
  void aQueryStringDoesNotChangeTheRoute() {
    assertThat(fixture.http.get("/healthz?verbose=1").status()).isEqualTo(200);
  }

  @Test
  void healthIsUp() {
    GateHttp.Reply reply = fixture.http.get("/healthz");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void metricsArePrometheusTextWithRequestCountersAndTimers() {
    fixture.http.get("/healthz");
    fixture.http.get("/no/such/thing");
    fixture.login("nobody@example.com", "whatever1");

    GateHttp.Reply reply = fixture.http.get("/metrics");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(reply.body())
        .contains("parley_gate_requests_total{route=\"healthz\",status=\"200\"}")
        .contains("parley_gate_requests_total{route=\"unmatched\",status=\"404\"}")
        .contains("parley_gate_requests_total{route=\"sessions\",status=\"401\"}")
        .contains("parley_gate_request_duration_seconds_count{route=\"sessions\",status=\"401\"}")
        .contains("parley_gate_request_duration_seconds_sum{route=\"healthz\",status=\"200\"}")
        .contains("parley_gate_workers_active")
        .contains("parley_gate_workers_queued");
  }
}
