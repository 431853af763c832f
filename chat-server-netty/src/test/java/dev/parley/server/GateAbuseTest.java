package dev.parley.server;

import static dev.parley.server.GateFixture.PASSWORD;
import static dev.parley.server.GateHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.CodeLimits;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate's abuse rules over real HTTP (issue 10, items 2-4): code requests that do not tell
 * whether an email is registered, caps on code requests and wrong codes, and a login budget that
 * a down dependency does not spend.
 */
class GateAbuseTest {
  private static final String EMAIL = "ada@example.com";
  private static final String UNKNOWN = "nobody@example.com";

  private GateFixture fixture;

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aSecondResetCodeRequestIs429AlikeForKnownAndUnknownEmails() {
    start(ChatLimits.defaults(), true);
    assertThat(fixture.register(EMAIL, "ada").status()).isEqualTo(201);
    fixture.clock.advance(Duration.ofMinutes(2)); // past the issue interval of the REGISTER code

    for (String email : new String[] {EMAIL, UNKNOWN}) {
      assertThat(requestCode(email, "RESET_PASSWORD").status()).as(email).isEqualTo(202);
    }
    GateHttp.Reply known = requestCode(EMAIL, "RESET_PASSWORD");
    GateHttp.Reply unknown = requestCode(UNKNOWN, "RESET_PASSWORD");

    for (GateHttp.Reply reply : new GateHttp.Reply[] {known, unknown}) {
      assertThat(reply.status()).isEqualTo(429);
      assertThat(reply.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(reply.header("Retry-After")).isEqualTo("60");
    }
    assertThat(fixture.mail.sentTo(UNKNOWN)).singleElement()
        .satisfies(m -> assertThat(m.body()).contains("no Parley account"));
  }

  @Test
  void codeRequestsFromOneAddressAre429PastTheCap() {
    start(ChatLimits.defaults(), true);
    CodeLimits caps = CodeLimits.defaults();
    for (int i = 0; i < caps.requestsPerAddress(); i++) {
      assertThat(requestCode("user" + i + "@example.com", "REGISTER").status()).isEqualTo(202);
    }

    GateHttp.Reply limited = requestCode("one-more@example.com", "REGISTER");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(limited.header("Retry-After")).isEqualTo(Long.toString(caps.addressWindow().toSeconds()));
    assertThat(fixture.mail.sentTo("one-more@example.com")).isEmpty();
  }

  @Test
  void wrongCodesPastTheDailyCapAre429WithoutCheckingTheCode() {
    start(ChatLimits.defaults().withCodeLimits(new CodeLimits(5, Duration.ofMinutes(10), 600, 2)), true);
    assertThat(requestCode(EMAIL, "REGISTER").status()).isEqualTo(202);
    String code = fixture.mail.lastCodeFor(EMAIL);
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 2; i++) {
      assertThat(registerWith(wrong).errorCode()).isEqualTo("INVALID_CODE");
    }

    GateHttp.Reply limited = registerWith(code);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(limited.header("Retry-After")).isEqualTo(Long.toString(Duration.ofDays(1).toSeconds()));
  }

  @Test
  void loginsRefusedWithoutALiveChatNodeDoNotSpendTheBudget() {
    start(ChatLimits.defaults().withLoginAttempts(2, 50, Duration.ofMinutes(1)), false);
    assertThat(fixture.register(EMAIL, "ada").status()).isEqualTo(201);
    for (int i = 0; i < 4; i++) {
      GateHttp.Reply refused = fixture.login(EMAIL, PASSWORD);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.errorCode()).isEqualTo("NO_CHAT_NODE");
    }
    fixture.nodes.register(GateFixture.NODE);

    assertThat(fixture.login(EMAIL, PASSWORD).status()).isEqualTo(200);
    assertThat(fixture.login(EMAIL, PASSWORD).status()).isEqualTo(200);
    assertThat(fixture.login(EMAIL, PASSWORD).status()).as("the budget of 2 is spent now").isEqualTo(429);
  }

  /**
   * Code checks for made-up emails each leave a day-long count behind (the per-email budget of
   * wrong codes), so one address must not make them without bound: they share the login's
   * per-address limit, counted apart from logins.
   */
  @Test
  void codeChecksFromOneAddressAre429PastTheLoginsPerAddressLimit() {
    start(ChatLimits.defaults().withLoginAttempts(10, 3, Duration.ofMinutes(1)), true);
    for (int i = 0; i < 3; i++) {
      assertThat(resetWithWrongCode("made-up" + i + "@example.com").errorCode()).isEqualTo("INVALID_CODE");
    }

    GateHttp.Reply limited = resetWithWrongCode("made-up-more@example.com");
    GateHttp.Reply register = fixture.http.postJson("/api/v1/users",
        json("email", "other@example.com", "name", "other", "password", PASSWORD, "code", "123456"));

    for (GateHttp.Reply reply : new GateHttp.Reply[] {limited, register}) {
      assertThat(reply.status()).isEqualTo(429);
      assertThat(reply.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(reply.header("Retry-After")).isEqualTo("60");
    }
    assertThat(fixture.login("ada-not-registered@example.com", PASSWORD).status())
        .as("logins have their own count").isEqualTo(401);
    fixture.clock.advance(Duration.ofMinutes(1));
    assertThat(resetWithWrongCode("made-up-later@example.com").errorCode()).isEqualTo("INVALID_CODE");
  }

  private GateHttp.Reply resetWithWrongCode(String email) {
    return fixture.http.postJson("/api/v1/password-resets",
        json("email", email, "code", "123456", "newPassword", "brand new 99"));
  }

  private void start(ChatLimits limits, boolean liveNode) {
    fixture = new GateFixture(limits, codes -> null, UnaryOperator.identity(), liveNode);
  }

  private GateHttp.Reply requestCode(String email, String purpose) {
    return fixture.http.postJson("/api/v1/verification-codes", json("email", email, "purpose", purpose));
  }

  private GateHttp.Reply registerWith(String code) {
    return fixture.http.postJson("/api/v1/users",
        json("email", EMAIL, "name", "ada", "password", PASSWORD, "code", code));
  }
}
