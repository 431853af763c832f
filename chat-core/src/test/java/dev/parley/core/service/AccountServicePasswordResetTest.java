package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static dev.parley.core.service.ServiceFixture.emailOf;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.User;
import dev.parley.core.spi.PasswordHasher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Password reset through {@link AccountService}. */
class AccountServicePasswordResetTest {
  private static final String ADDRESS = "192.0.2.8";
  private static final String NEW_PASSWORD = "another secret 7";

  private final ServiceFixture f = new ServiceFixture();
  private final ChatNodeInfo node = f.registerNode("node-1", 7001);
  private final User user = f.register(uniqueName("Reset"));

  @Test
  void mailedCodeResetsThePassword() {
    f.accounts.requestCode(user.email(), CodePurpose.RESET_PASSWORD, ADDRESS);

    f.accounts.resetPassword(user.email(), f.mail.lastCodeFor(user.email()), NEW_PASSWORD);

    expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(user.email(), PASSWORD, ADDRESS));
    assertThat(f.accounts.login(user.email(), NEW_PASSWORD, ADDRESS).user().id()).isEqualTo(user.id());
  }

  @Test
  void aResetRevokesEveryTokenOfTheAccountAndClosesItsSessions() {
    List<String> closed = new ArrayList<>();
    AccountService accounts = new AccountService(f.users, f.codes, f.verification, f.tokens, f.hasher,
        f.rateLimiter, f.nodes, f.limits, (userId, reason) -> closed.add(userId + ": " + reason));
    String before = accounts.login(user.email(), PASSWORD, ADDRESS).token().token();
    String older = accounts.login(user.email(), PASSWORD, "192.0.2.9").token().token();
    User other = f.register(uniqueName("Bystander"));
    String bystander = accounts.login(other.email(), PASSWORD, ADDRESS).token().token();
    accounts.requestCode(user.email(), CodePurpose.RESET_PASSWORD, ADDRESS);

    accounts.resetPassword(user.email(), f.mail.lastCodeFor(user.email()), NEW_PASSWORD);

    expectError(ErrorCode.UNAUTHORIZED, () -> accounts.authenticate(before));
    expectError(ErrorCode.UNAUTHORIZED, () -> accounts.route(older));
    assertThat(accounts.authenticate(bystander).userId()).isEqualTo(other.id());
    assertThat(closed).containsExactly(user.id() + ": " + AccountService.PASSWORD_RESET_REASON);
    String after = accounts.login(user.email(), NEW_PASSWORD, ADDRESS).token().token();
    assertThat(accounts.authenticate(after).userId()).isEqualTo(user.id());
  }

  @Test
  void aLoginWithTheOldPasswordThatARaceLetsPastTheCheckGetsNoToken() {
    // The reset lands while the login is verifying the old password: after the check, before the issue.
    PasswordHasher racing = new PasswordHasher() {
      @Override
      public String hash(String password) {
        return f.hasher.hash(password);
      }

      @Override
      public boolean verify(String password, String hash) {
        boolean matches = f.hasher.verify(password, hash);
        f.users.updatePasswordHash(user.id(), f.hasher.hash(NEW_PASSWORD));
        f.tokens.revokeAll(user.id());
        return matches;
      }
    };
    AccountService accounts = new AccountService(f.users, f.codes, f.verification, f.tokens, racing,
        f.rateLimiter, f.nodes, f.limits);

    expectError(ErrorCode.INVALID_CREDENTIALS, () -> accounts.login(user.email(), PASSWORD, ADDRESS));
  }

  @Test
  void aFailedResetRevokesNothing() {
    String token = f.accounts.login(user.email(), PASSWORD, ADDRESS).token().token();
    f.accounts.requestCode(user.email(), CodePurpose.RESET_PASSWORD, ADDRESS);

    expectError(ErrorCode.INVALID_CODE, () -> f.accounts.resetPassword(user.email(), "000000x", NEW_PASSWORD));

    assertThat(f.accounts.authenticate(token).userId()).isEqualTo(user.id());
  }

  @Test
  void resetMailSaysWhatTheCodeIsFor() {
    f.accounts.requestCode(user.email(), CodePurpose.RESET_PASSWORD, ADDRESS);

    assertThat(f.mail.sentTo(user.email()).get(1).body()).contains("reset your Parley password");
  }

  @Test
  void codeWorksOnlyOnce() {
    f.accounts.requestCode(user.email(), CodePurpose.RESET_PASSWORD, ADDRESS);
    String code = f.mail.lastCodeFor(user.email());
    f.accounts.resetPassword(user.email(), code, NEW_PASSWORD);

    expectError(ErrorCode.INVALID_CODE, () -> f.accounts.resetPassword(user.email(), code, "third secret 3"));
    assertThat(f.accounts.login(user.email(), NEW_PASSWORD, ADDRESS).user().id()).isEqualTo(user.id());
  }

  @Test
  void unknownEmailAnswersExactlyLikeAWrongCode() {
    f.accounts.requestCode(user.email(), CodePurpose.RESET_PASSWORD, ADDRESS);
    String code = f.mail.lastCodeFor(user.email());
    String wrongCode = code.equals("000000") ? "000001" : "000000";

    ChatException wrong = expectError(ErrorCode.INVALID_CODE,
        () -> f.accounts.resetPassword(user.email(), wrongCode, NEW_PASSWORD));
    ChatException unknown = expectError(ErrorCode.INVALID_CODE,
        () -> f.accounts.resetPassword(emailOf(uniqueName("Nobody")), code, NEW_PASSWORD));
    ChatException neverIssued = expectError(ErrorCode.INVALID_CODE,
        () -> f.accounts.resetPassword(emailOf(f.user("Quiet").name()), code, NEW_PASSWORD));

    assertThat(unknown.detail()).isEqualTo(wrong.detail()).isEqualTo(neverIssued.detail());
  }

  @Test
  void weakNewPasswordIsRefusedWithoutBurningTheCode() {
    f.accounts.requestCode(user.email(), CodePurpose.RESET_PASSWORD, ADDRESS);
    String code = f.mail.lastCodeFor(user.email());

    expectError(ErrorCode.WEAK_PASSWORD, () -> f.accounts.resetPassword(user.email(), code, "short1"));
    expectError(ErrorCode.WEAK_PASSWORD, () -> f.accounts.resetPassword(user.email(), code, "nodigitshere"));
    String localPart = user.email().substring(0, user.email().indexOf('@'));
    expectError(ErrorCode.WEAK_PASSWORD, () -> f.accounts.resetPassword(user.email(), code, localPart));

    f.accounts.resetPassword(user.email(), code, NEW_PASSWORD);
    assertThat(f.accounts.login(user.email(), NEW_PASSWORD, ADDRESS).user().id()).isEqualTo(user.id());
  }

  @Test
  void newPasswordEqualToTheNameIsWeak() {
    String name = uniqueName("NamedUser");
    String email = "mailbox-" + name.toLowerCase() + "@example.com";
    f.users.create(new NewUser(email, name, f.hasher.hash(PASSWORD)));
    f.accounts.requestCode(email, CodePurpose.RESET_PASSWORD, ADDRESS);

    ChatException e = expectError(ErrorCode.WEAK_PASSWORD,
        () -> f.accounts.resetPassword(email, f.mail.lastCodeFor(email), name.toLowerCase()));
    assertThat(e.detail()).contains("name");
  }
}
