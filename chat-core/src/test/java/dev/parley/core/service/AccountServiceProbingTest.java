package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static dev.parley.core.service.ServiceFixture.emailOf;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.Mail;
import dev.parley.core.model.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Code requests and registration answer alike whether or not an email has an account (issue 10, item 2). */
class AccountServiceProbingTest {
  private static final String ADDRESS = "192.0.2.20";

  private final ServiceFixture f = new ServiceFixture();
  private final User registered = f.user("Known");
  private final String unknown = emailOf(uniqueName("Unknown"));

  @Test
  void registerCodeForATakenEmailAnswersLikeAFreeOneAndMailsANotice() {
    f.accounts.requestCode(registered.email(), CodePurpose.REGISTER, ADDRESS);
    f.accounts.requestCode(unknown, CodePurpose.REGISTER, ADDRESS);

    Mail notice = only(f.mail.sentTo(registered.email()));
    assertThat(notice.subject()).isEqualTo(VerificationService.NOTICE_SUBJECT);
    assertThat(notice.body()).contains("already has one").contains("password reset").doesNotContainPattern("\\d{6}");
    assertThat(RecordingMailSender.codeIn(only(f.mail.sentTo(unknown)).body())).hasSize(6);
  }

  @Test
  void resetCodeForAnUnknownEmailMailsANoticeWithoutACode() {
    f.accounts.requestCode(unknown, CodePurpose.RESET_PASSWORD, ADDRESS);

    Mail notice = only(f.mail.sentTo(unknown));
    assertThat(notice.body()).contains("no Parley account").doesNotContainPattern("\\d{6}");
  }

  @Test
  void aSecondResetRequestIsRateLimitedAlikeForKnownAndUnknownEmails() {
    f.accounts.requestCode(registered.email(), CodePurpose.RESET_PASSWORD, ADDRESS);
    f.accounts.requestCode(unknown, CodePurpose.RESET_PASSWORD, ADDRESS);

    ChatException known = expectError(ErrorCode.RATE_LIMITED,
        () -> f.accounts.requestCode(registered.email(), CodePurpose.RESET_PASSWORD, ADDRESS));
    ChatException stranger = expectError(ErrorCode.RATE_LIMITED,
        () -> f.accounts.requestCode(unknown, CodePurpose.RESET_PASSWORD, ADDRESS));
    assertThat(stranger.retryAfter()).isEqualTo(known.retryAfter()).isEqualTo(ServiceFixture.CODE_ISSUE_INTERVAL);
  }

  @Test
  void aSecondRegisterRequestIsRateLimitedAlikeForTakenAndFreeEmails() {
    f.accounts.requestCode(registered.email(), CodePurpose.REGISTER, ADDRESS);
    f.accounts.requestCode(unknown, CodePurpose.REGISTER, ADDRESS);

    ChatException taken = expectError(ErrorCode.RATE_LIMITED,
        () -> f.accounts.requestCode(registered.email(), CodePurpose.REGISTER, ADDRESS));
    ChatException free = expectError(ErrorCode.RATE_LIMITED,
        () -> f.accounts.requestCode(unknown, CodePurpose.REGISTER, ADDRESS));
    assertThat(taken.retryAfter()).isEqualTo(free.retryAfter());
  }

  @Test
  void aWrongCodeForATakenEmailIsInvalidCodeNotEmailTaken() {
    ChatException taken = expectError(ErrorCode.INVALID_CODE,
        () -> f.accounts.register(registered.email(), uniqueName("Other"), PASSWORD, "123456"));
    ChatException free = expectError(ErrorCode.INVALID_CODE,
        () -> f.accounts.register(unknown, uniqueName("Other"), PASSWORD, "123456"));

    assertThat(taken.detail()).isEqualTo(free.detail());
  }

  private static Mail only(List<Mail> mails) {
    assertThat(mails).hasSize(1);
    return mails.get(0);
  }
}
