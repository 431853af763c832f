package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.AccountService;
import dev.parley.server.SignUpClient.Account;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens die when they should, seen from outside the embedded server: a password reset refuses
 * every token issued before it and kicks the open session; Logout revokes its token. Real HTTP and
 * chat sockets.
 */
class TokenRevocationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PASSWORD = "correct horse 42";
  private static final String NEW_PASSWORD = "battery staple 77";

  private final RecordingMailSender mail = new RecordingMailSender();
  private ParleyServer server;
  private SignUpClient gate;

  @BeforeEach
  void start() {
    server = ParleyServer.builder().mailSender(mail).passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
    gate = new SignUpClient(server.gateUrl());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aPasswordResetRefusesEarlierTokensAndKicksTheOpenSession() {
    Account ann = gate.signUp(mail, unique("ann"), PASSWORD);
    Account annElsewhere = gate.login(ann.email(), PASSWORD);
    Account bob = gate.signUp(mail, unique("bob"), PASSWORD);
    try (TestChatClient open = login(ann.token()); TestChatClient bystander = login(bob.token())) {
      gate.resetPassword(mail, ann.email(), NEW_PASSWORD);

      Frame kicked = open.awaitPush(KICKED, WAIT);
      assertThat(kicked.getKicked().getReason()).isEqualTo(AccountService.PASSWORD_RESET_REASON);
      assertThat(open.awaitClosed(WAIT)).isTrue();
      assertThat(bystander.request(Requests.ping()).hasPong()).as("another user's session").isTrue();
    }
    for (String old : new String[] {ann.token(), annElsewhere.token()}) {
      assertThat(gate.routeStatus(old)).isEqualTo(401);
      try (TestChatClient again = TestChatClient.connect(ann.chatHost(), ann.chatPort())) {
        assertThat(ChatNodeSessionTest.code(again.login(old))).isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
      }
    }
    Account fresh = gate.login(ann.email(), NEW_PASSWORD);
    assertThat(gate.routeStatus(fresh.token())).isEqualTo(200);
    assertThat(gate.routeStatus(bob.token())).isEqualTo(200);
  }

  @Test
  void logoutRevokesTheSessionToken() {
    Account ann = gate.signUp(mail, unique("ann"), PASSWORD);
    Account other = gate.login(ann.email(), PASSWORD);
    try (TestChatClient c = login(ann.token())) {
      Frame bye = c.request(Frame.newBuilder().setLogout(ChatProtocol.LogoutRequest.getDefaultInstance()));
      assertThat(bye.hasEmptyResponse()).isTrue();
      assertThat(c.awaitClosed(WAIT)).isTrue();
    }

    assertThat(gate.routeStatus(ann.token())).isEqualTo(401);
    try (TestChatClient again = TestChatClient.connect(ann.chatHost(), ann.chatPort())) {
      assertThat(ChatNodeSessionTest.code(again.login(ann.token()))).isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    }
    assertThat(gate.routeStatus(other.token())).as("the account's other token").isEqualTo(200);
  }

  private TestChatClient login(String token) {
    TestChatClient c = TestChatClient.connect(server.chatAddress().getHostString(), server.chatAddress().getPort());
    Frame answer = c.login(token);
    assertThat(answer.hasLoginResponse()).as("login %s", answer).isTrue();
    return c;
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }
}
