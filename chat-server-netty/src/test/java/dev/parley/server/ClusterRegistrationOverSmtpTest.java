package dev.parley.server;

import static dev.parley.server.GateHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.VerificationService;
import dev.parley.server.mail.SmtpMailSender;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster wiring end to end, every hop over a real socket: HTTP to the gate; the gate asks
 * verify for a code over gRPC (VerifyClient); verify mails it over SMTP (SmtpMailSender) to
 * GreenMail; the test reads the 6-digit code out of the received mail and registers with it; login
 * gets its chat node from status over gRPC (StatusClient), where a chat node registered itself.
 * The verification-code store is shared by gate and verify, as Redis would be in a cluster.
 */
class ClusterRegistrationOverSmtpTest {
  private static final String EMAIL = "grace@example.com";
  private static final String PASSWORD = "correct horse 42";

  private final InMemoryVerificationCodes sharedCodes = new InMemoryVerificationCodes();
  private GreenMail smtp;
  private VerifyServer verifyServer;
  private VerifyClient verifyClient;
  private StatusServer statusServer;
  private StatusClient gateToStatus;
  private StatusClient nodeToStatus;
  private GateServer gate;
  private GateHttp http;

  @BeforeEach
  void startCluster() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    SmtpMailSender mailer = SmtpMailSender.builder().host("127.0.0.1").port(smtp.getSmtp().getPort())
        .security(SmtpMailSender.Security.NONE).from("Parley <no-reply@parley.test>").build();
    verifyServer = VerifyServer.builder().host("127.0.0.1").port(0)
        .codeIssuer(new VerificationService(sharedCodes, mailer)).build().start();
    verifyClient = VerifyClient.forAddress("127.0.0.1", verifyServer.port());

    statusServer = StatusServer.builder().host("127.0.0.1").port(0).nodeDirectory(new InMemoryNodeDirectory())
        .presence(new InMemoryPresenceRegistry()).build().start();
    gateToStatus = StatusClient.forAddress("127.0.0.1", statusServer.port());
    nodeToStatus = StatusClient.forAddress("127.0.0.1", statusServer.port());
    nodeToStatus.register(new ChatNodeInfo("chat-1", "127.0.0.1", 7443, "127.0.0.1", 9443, 0, Instant.now()));

    AccountService accounts = new AccountService(new InMemoryUserStore(), sharedCodes, verifyClient,
        new InMemoryTokenStore(), Argon2PasswordHasher.forTesting(), new InMemoryRateLimiter(), gateToStatus,
        ChatLimits.defaults());
    gate = GateServer.builder().host("127.0.0.1").port(0).accountService(accounts).build().start();
    http = new GateHttp(gate.port());
  }

  @AfterEach
  void stopCluster() {
    gate.stop();
    gateToStatus.close();
    nodeToStatus.close();
    statusServer.stop();
    verifyClient.close();
    verifyServer.stop();
    smtp.stop();
  }

  @Test
  void aCodeMailedOverSmtpRegistersTheUserWhoThenLogsInToTheAssignedNode() throws Exception {
    assertThat(http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER")).status())
        .isEqualTo(202);

    assertThat(smtp.waitForIncomingEmail(Duration.ofSeconds(5).toMillis(), 1)).isTrue();
    MimeMessage received = smtp.getReceivedMessages()[0];
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
    assertThat(received.getSubject()).isEqualTo(VerificationService.SUBJECT);
    String code = RecordingMailSender.codeIn((String) received.getContent());

    GateHttp.Reply created = http.postJson("/api/v1/users",
        json("email", EMAIL, "name", "grace", "password", PASSWORD, "code", code));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("name").asText()).isEqualTo("grace");

    GateHttp.Reply session = http.postJson("/api/v1/sessions", json("email", EMAIL, "password", PASSWORD));
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().get("chat").get("port").asInt()).isEqualTo(7443);
  }

  @Test
  void aSecondCodeTooSoonIsRateLimitedAcrossTheGrpcHop() {
    assertThat(http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER")).status())
        .isEqualTo(202);
    GateHttp.Reply again = http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    assertThat(again.status()).isEqualTo(429);
    assertThat(again.errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(Integer.parseInt(again.header("Retry-After"))).isBetween(1, 60);
  }

  @Test
  void withVerifyDownACodeRequestIs503() {
    verifyServer.stop();
    GateHttp.Reply reply = http.postJson("/api/v1/verification-codes", json("email", EMAIL, "purpose", "REGISTER"));
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.errorCode()).isEqualTo("UNAVAILABLE");
  }
}
