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
