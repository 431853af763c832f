package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static dev.parley.core.service.ServiceFixture.uniqueAddress;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Disabling and enabling accounts through {@link AccountService}: tokens, sessions, logins. */
class AccountServiceDisableTest {
  private final ServiceFixture f = new ServiceFixture();
  private final RecordingCloser closer = new RecordingCloser();
  private final AccountService accounts = new AccountService(f.users, f.codes, f.verification, f.tokens,
      Argon2PasswordHasher.forTesting(), f.rateLimiter, f.nodes, f.limits, closer);

  AccountServiceDisableTest() {
    f.registerNode("node-1", 7001);
  }

  @Test
  void disableRevokesEveryTokenAndKicksTheSessionsWithDisabled() {
    User user = f.register(uniqueName("Dis"));
    LoginResult a = accounts.login(user.email(), PASSWORD, uniqueAddress());
    LoginResult b = accounts.login(user.email(), PASSWORD, uniqueAddress());

    assertThat(accounts.disable(user.id())).isTrue();

    assertThat(f.users.findById(user.id()).orElseThrow().disabled()).isTrue();
    assertThat(f.tokens.verify(a.token().token())).isEmpty();
    assertThat(f.tokens.verify(b.token().token())).isEmpty();
    assertThat(closer.closed).containsExactly(user.id() + ":" + KickReason.DISABLED + ":" + AccountService.DISABLED_REASON);
    assertThat(accounts.disable(Long.MAX_VALUE - 3)).isFalse();
  }

  @Test
  void aDisabledAccountsPasswordLoginAnswersDisabledOnlyForTheRightPassword() {
    User user = f.register(uniqueName("DisPw"));
    accounts.disable(user.id());

    expectError(ErrorCode.INVALID_CREDENTIALS, () -> accounts.login(user.email(), PASSWORD + "x", uniqueAddress()));
    expectError(ErrorCode.ACCOUNT_DISABLED, () -> accounts.login(user.email(), PASSWORD, uniqueAddress()));

    assertThat(accounts.enable(user.id())).isTrue();
    assertThat(accounts.login(user.email(), PASSWORD, uniqueAddress()).user().id()).isEqualTo(user.id());
  }

  @Test
  void aTokenOfADisabledAccountNoLongerAuthenticatesOrRoutes() {
    User user = f.register(uniqueName("DisTok"));
    String token = accounts.login(user.email(), PASSWORD, uniqueAddress()).token().token();
    f.users.setDisabled(user.id(), true); // as if the disable had not reached the tokens yet

    expectError(ErrorCode.UNAUTHORIZED, () -> accounts.authenticate(token));
    expectError(ErrorCode.UNAUTHORIZED, () -> accounts.route(token));

    f.users.setDisabled(user.id(), false);
    assertThat(accounts.authenticate(token).userId()).isEqualTo(user.id());
  }

  private static final class RecordingCloser implements SessionCloser {
    final List<String> closed = new ArrayList<>();

    @Override
    public synchronized void closeSessions(long userId, String reason) {
      closed.add(userId + ":" + KickReason.REVOKED + ":" + reason);
    }

    @Override
    public synchronized void closeSessions(long userId, KickReason code, String reason) {
      closed.add(userId + ":" + code + ":" + reason);
    }
  }
}
