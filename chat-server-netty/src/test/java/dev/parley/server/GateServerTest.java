package dev.parley.server;

import static dev.parley.server.GateFixture.PASSWORD;
import static dev.parley.server.GateHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.service.ChatLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every account route of DESIGN section 5 over real HTTP: the success paths and each error. */
class GateServerTest {
  private static final String EMAIL = "ada@example.com";
  private static final String NAME = "ada";

  private GateFixture fixture = new GateFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void codeRegisterLoginAndRoute() {
    GateHttp.Reply code = fixture.http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    assertThat(code.status()).isEqualTo(202);
    assertThat(code.body()).isEmpty();

    GateHttp.Reply created = fixture.http.postJson("/api/v1/users",
        json("email", EMAIL, "name", NAME, "password", PASSWORD, "code", fixture.mail.lastCodeFor(EMAIL)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Content-Type")).isEqualTo("application/json");
    long userId = created.json().get("userId").asLong();
    assertThat(userId).isPositive();
    assertThat(created.json().get("name").asText()).isEqualTo(NAME);

    GateHttp.Reply session = fixture.login(EMAIL, PASSWORD);
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().get("userId").asLong()).isEqualTo(userId);
    String token = session.json().get("token").asText();
    assertThat(token).isNotBlank();
    assertThat(Instant.parse(session.json().get("expiresAt").asText()))
        .isEqualTo(GateFixture.START.plus(Duration.ofHours(24)));
    assertThat(session.json().get("chat").get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(session.json().get("chat").get("port").asInt()).isEqualTo(7001);
    assertThat(session.json().get("chat").get("tls").isBoolean()).isTrue();
    assertThat(session.json().get("chat").get("tls").asBoolean()).isFalse();
    assertThat(session.json().get("chat").has("wsPort")).isFalse();

    GateHttp.Reply route = fixture.http.postWithToken("/api/v1/routes", "Bearer " + token);
    assertThat(route.status()).isEqualTo(200);
    assertThat(route.json().get("chat").get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(route.json().get("chat").get("port").asInt()).isEqualTo(7001);
  }

  @Test
  void theChatAddressSaysWhetherTheNodeWantsTlsAndWhereItsWebSocketListens() {
    fixture.nodes.register(new ChatNodeInfo(GateFixture.NODE.nodeId(), "chat.example.com", 7443, "127.0.0.1", 0, 0,
        GateFixture.START, true, 7444));
    assertThat(fixture.register(EMAIL, NAME).status()).isEqualTo(201);

    GateHttp.Reply session = fixture.login(EMAIL, PASSWORD);
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().get("chat").get("host").asText()).isEqualTo("chat.example.com");
    assertThat(session.json().get("chat").get("port").asInt()).isEqualTo(7443);
    assertThat(session.json().get("chat").get("tls").asBoolean()).isTrue();
    assertThat(session.json().get("chat").get("wsPort").asInt()).isEqualTo(7444);

    GateHttp.Reply route = fixture.http.postWithToken("/api/v1/routes", "Bearer " + session.json().get("token").asText());
    assertThat(route.json().get("chat").get("tls").asBoolean()).isTrue();
    assertThat(route.json().get("chat").get("wsPort").asInt()).isEqualTo(7444);
  }

  @Test
  void passwordResetReplacesThePassword() {
    assertThat(fixture.register(EMAIL, NAME).status()).isEqualTo(201);
    fixture.clock.advance(Duration.ofMinutes(2)); // past the issue interval of the REGISTER code's mail
    fixture.nodes.heartbeat(GateFixture.NODE.nodeId(), 0); // keep the node live on the moved clock

    GateHttp.Reply code = fixture.http.postJson("/api/v1/verification-codes",
        json("email", EMAIL, "purpose", "RESET_PASSWORD"));
    assertThat(code.status()).isEqualTo(202);
    GateHttp.Reply reset = fixture.http.postJson("/api/v1/password-resets",
        json("email", EMAIL, "code", fixture.mail.lastCodeFor(EMAIL), "newPassword", "a new long secret 7"));
    assertThat(reset.status()).isEqualTo(204);
    assertThat(reset.body()).isEmpty();

    assertThat(fixture.login(EMAIL, "a new long secret 7").status()).isEqualTo(200);
    GateHttp.Reply old = fixture.login(EMAIL, PASSWORD);
    assertThat(old.status()).isEqualTo(401);
    assertThat(old.errorCode()).isEqualTo("INVALID_CREDENTIALS");
  }

  @Test
  void wrongCodeIsInvalidCode() {
    fixture.http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    String wrong = fixture.mail.lastCodeFor(EMAIL).equals("000000") ? "111111" : "000000";

    GateHttp.Reply reply = fixture.http.postJson("/api/v1/users",
        json("email", EMAIL, "name", NAME, "password", PASSWORD, "code", wrong));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("INVALID_CODE");
    assertThat(reply.errorMessage()).isNotBlank();
  }

  @Test
  void wrongResetCodeIsInvalidCode() {
    GateHttp.Reply reply = fixture.http.postJson("/api/v1/password-resets",
        json("email", EMAIL, "code", "123456", "newPassword", "a new long secret 7"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("INVALID_CODE");
  }

  @Test
  void weakPasswordIsRefused() {
    fixture.http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    GateHttp.Reply reply = fixture.http.postJson("/api/v1/users",
        json("email", EMAIL, "name", NAME, "password", "short", "code", fixture.mail.lastCodeFor(EMAIL)));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("WEAK_PASSWORD");
  }

  @Test
  void invalidEmailIsRefused() {
    GateHttp.Reply reply = fixture.http.postJson("/api/v1/verification-codes",
        json("email", "not-an-email", "purpose", "REGISTER"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("INVALID_EMAIL");
  }

  @Test
  void aCodeRequestForATakenEmailIs202AndAWrongCodeIsInvalidCodeNotEmailTaken() {
    assertThat(fixture.register(EMAIL, NAME).status()).isEqualTo(201);
    fixture.clock.advance(Duration.ofMinutes(2)); // past the issue interval of the REGISTER code's mail

    GateHttp.Reply code = fixture.http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    assertThat(code.status()).isEqualTo(202);
    assertThat(code.body()).isEmpty();
    assertThat(fixture.mail.sentTo(EMAIL).get(1).body()).contains("already has one");

    GateHttp.Reply again = fixture.http.postJson("/api/v1/users",
        json("email", EMAIL, "name", "other", "password", PASSWORD, "code", "123456"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.errorCode()).isEqualTo("INVALID_CODE");
  }

  @Test
  void duplicateNameIsTaken() {
    assertThat(fixture.register(EMAIL, NAME).status()).isEqualTo(201);
    GateHttp.Reply reply = fixture.register("grace@example.com", NAME);
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo("NAME_TAKEN");
  }

  @Test
  void wrongPasswordAndUnknownEmailAreInvalidCredentials() {
    fixture.register(EMAIL, NAME);
    GateHttp.Reply wrong = fixture.login(EMAIL, "not the password");
    GateHttp.Reply unknown = fixture.login("nobody@example.com", PASSWORD);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.errorCode()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.errorCode()).isEqualTo("INVALID_CREDENTIALS");
  }

  @Test
  void tooManyLoginsAreRateLimitedWithRetryAfterRoundedUp() {
    fixture.close();
    fixture = new GateFixture(ChatLimits.defaults().withLoginAttempts(2, 50, Duration.ofMinutes(1)),
        codes -> null, UnaryOperator.identity(), true);
    fixture.register(EMAIL, NAME);
    assertThat(fixture.login(EMAIL, PASSWORD).status()).isEqualTo(200);
    assertThat(fixture.login(EMAIL, "wrong password").status()).isEqualTo(401);

    GateHttp.Reply limited = fixture.login(EMAIL, PASSWORD);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
    // a sliding window: the first attempt leaves it a full minute after it was made
    assertThat(limited.header("Retry-After")).isEqualTo("60");
  }

  @Test
  void aSecondCodeTooSoonIsRateLimited() {
    fixture.http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    GateHttp.Reply again = fixture.http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    assertThat(again.status()).isEqualTo(429);
    assertThat(again.errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(again.header("Retry-After")).isEqualTo("60");
  }

  @Test
  void withoutALiveChatNodeLoginAndRouteAre503() {
    fixture.register(EMAIL, NAME);
    String token = fixture.login(EMAIL, PASSWORD).json().get("token").asText();
    fixture.nodes.deregister(GateFixture.NODE.nodeId());

    GateHttp.Reply login = fixture.login(EMAIL, PASSWORD);
    GateHttp.Reply route = fixture.http.postWithToken("/api/v1/routes", "Bearer " + token);

    assertThat(login.status()).isEqualTo(503);
    assertThat(login.errorCode()).isEqualTo("NO_CHAT_NODE");
    assertThat(route.status()).isEqualTo(503);
    assertThat(route.errorCode()).isEqualTo("NO_CHAT_NODE");
  }

  @Test
  void routeWithABadOrMissingTokenIsUnauthorized() {
    GateHttp.Reply bad = fixture.http.postWithToken("/api/v1/routes", "Bearer not-a-token");
    GateHttp.Reply missing = fixture.http.postWithToken("/api/v1/routes", null);
    GateHttp.Reply notBearer = fixture.http.postWithToken("/api/v1/routes", "Basic YWRhOnB3");

    for (GateHttp.Reply reply : new GateHttp.Reply[] {bad, missing, notBearer}) {
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
  }
}
