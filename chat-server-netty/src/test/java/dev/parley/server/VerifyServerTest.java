package dev.parley.server;

import static dev.parley.server.StatusClientTest.awaitQuietly;
import static dev.parley.server.StatusClientTest.catchChat;
import static dev.parley.server.StatusClientTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodeMail;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.Mail;
import dev.parley.core.service.CodeIssuer;
import dev.parley.core.service.VerificationService;
import dev.parley.core.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verify role over real gRPC: VerifyClient -> VerifyServer -> VerificationService -> mail. */
class VerifyServerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final InMemoryVerificationCodes codes =
      new InMemoryVerificationCodes(Duration.ofMinutes(10), 5, Duration.ofSeconds(60), clock);
  private final RecordingMailSender mail = new RecordingMailSender();
  private VerifyServer server;
  private VerifyClient client;

  @BeforeEach
  void start() {
    server = VerifyServer.builder().host("127.0.0.1").port(0)
        .codeIssuer(new VerificationService(codes, mail)).build().start();
    client = VerifyClient.forAddress("127.0.0.1", server.port());
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  @Test
  void aCodeIssuedOverGrpcIsStoredAndMailed() {
    client.issue("Ada@Example.com", CodePurpose.REGISTER);

    List<Mail> sent = mail.sentTo("ada@example.com");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).subject()).isEqualTo(VerificationService.SUBJECT);
    String code = RecordingMailSender.codeIn(sent.get(0).body());
    assertThat(codes.verify("ada@example.com", CodePurpose.RESET_PASSWORD, code)).isNotEqualTo(CodeCheck.VALID);
    assertThat(codes.verify("ada@example.com", CodePurpose.REGISTER, code)).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void theMailKindCrossesTheHop() {
    client.issue("ada@example.com", CodePurpose.REGISTER, CodeMail.ACCOUNT_EXISTS);
    client.issue("bob@example.com", CodePurpose.RESET_PASSWORD, CodeMail.NO_ACCOUNT);

    assertThat(mail.sentTo("ada@example.com")).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo(VerificationService.NOTICE_SUBJECT);
      assertThat(m.body()).contains("already has one");
    });
    assertThat(mail.sentTo("bob@example.com")).singleElement()
        .satisfies(m -> assertThat(m.body()).contains("no Parley account"));
    ChatException again = catchChat(() -> client.issue("ada@example.com", CodePurpose.REGISTER));
    assertThat(again.code()).as("a notice is rate-limited like a code").isEqualTo(ErrorCode.RATE_LIMITED);
  }

  @Test
  void rateLimitedSurvivesTheHopWithItsRetryAfter() {
    client.issue("ada@example.com", CodePurpose.REGISTER);
    clock.advance(Duration.ofSeconds(15));

    ChatException e = catchChat(() -> client.issue("ada@example.com", CodePurpose.REGISTER));

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45));
    assertThat(mail.sentTo("ada@example.com")).hasSize(1);
  }

  @Test
  void badInputKeepsItsCode() {
    ChatException e = catchChat(() -> client.issue("not an email", CodePurpose.REGISTER));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EMAIL);
  }

  @Test
  void aMailFailureIsUnavailable() {
    try (VerifyServer failing = VerifyServer.builder().host("127.0.0.1").port(0)
        .codeIssuer(new VerificationService(codes, m -> {
          throw new ChatException(ErrorCode.UNAVAILABLE, "SMTP server smtp.test:25 did not take the mail");
        })).build().start();
        VerifyClient toFailing = VerifyClient.forAddress("127.0.0.1", failing.port())) {
      ChatException e = catchChat(() -> toFailing.issue("ada@example.com", CodePurpose.REGISTER));
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("smtp.test:25");
    }
  }

  @Test
  void anUnreachableServerIsUnavailableFast() throws IOException {
    int closedPort = freePort();
    try (VerifyClient unreachable = VerifyClient.forAddress("127.0.0.1", closedPort)) {
      // The default deadline is 15 s; a refused connection must not wait for it.
      ChatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> catchChat(() -> unreachable.issue("ada@example.com", CodePurpose.REGISTER)));
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("verify service at 127.0.0.1:" + closedPort);
    }
  }

  @Test
  void aHangingIssuerRunsIntoTheDeadline() {
    CountDownLatch release = new CountDownLatch(1);
    CodeIssuer hanging = (email, purpose, mail) -> awaitQuietly(release);
    try (VerifyServer slow = VerifyServer.builder().host("127.0.0.1").port(0).codeIssuer(hanging)
        .shutdownGrace(Duration.ZERO).build().start();
        VerifyClient impatient = VerifyClient.builder().address("127.0.0.1", slow.port())
            .deadline(Duration.ofMillis(300)).build()) {
      ChatException e = catchChat(() -> impatient.issue("ada@example.com", CodePurpose.REGISTER));
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).contains("DEADLINE_EXCEEDED");
    } finally {
      release.countDown();
    }
  }
}
