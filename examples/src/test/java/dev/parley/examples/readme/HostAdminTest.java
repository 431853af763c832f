package dev.parley.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.LoginResult;
import dev.parley.server.ParleyServer;
import org.junit.jupiter.api.Test;

/** The README's host example: a first sign-in creates the user and welcomes them once; the next one only issues a token. */
class HostAdminTest {
  @Test
  void signsTheHostsUserInAndWelcomesThemOnce() {
    ParleyServer server = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
    try {
      LoginResult first = HostAdmin.signIn(server.admin(), "crm-1", "kim_lee");
      LoginResult again = HostAdmin.signIn(server.admin(), "crm-1", "kim_lee");
      assertThat(again.user().id()).isEqualTo(first.user().id());
      assertThat(again.token().token()).isNotEqualTo(first.token().token());
      assertThat(server.chatNode().port()).isEqualTo(first.node().port());
    } finally {
      server.stop();
    }
  }
}
