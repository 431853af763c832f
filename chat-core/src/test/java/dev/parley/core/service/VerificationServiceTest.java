package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static dev.parley.core.service.ServiceFixture.emailOf;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.Mail;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The verify role: {@link VerificationService} makes, stores and mails codes. */
class VerificationServiceTest {
  private final ServiceFixture f = new ServiceFixture();
  private final String name = uniqueName("Verify");
  private final String email = emailOf(name);

  @Test
  void mailsASixDigitCodeThatRegisters() {
    f.verification.issue(email, CodePurpose.REGISTER);

    assertThat(f.mail.sent()).hasSize(1);
    Mail mail = f.mail.sent().get(0);
    assertThat(mail.to()).isEqualTo(email);
    assertThat(mail.subject()).isEqualTo("Your Parley verification code");
    assertThat(mail.body()).contains("create your Parley account");
    String code = RecordingMailSender.codeIn(mail.body());
    assertThat(code).matches("\\d{6}");

    assertThat(f.accounts.register(email, name, PASSWORD, code).email()).isEqualTo(email);
  }

  @Test
  void normalisesTheEmailBeforeStoringAndMailing() {
    f.verification.issue("  " + email.toUpperCase(), CodePurpose.REGISTER);

    assertThat(f.mail.sent()).extracting(Mail::to).containsExactly(email);
    assertThat(f.codes.verify(email, CodePurpose.REGISTER, f.mail.lastCodeFor(email))).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void smallCodesAreZeroPadded() {
    SecureRandom fixed = new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public int nextInt(int bound) {
        return 42;
      }
    };
    VerificationService service = new VerificationService(f.codes, f.mail, fixed);

    service.issue(email, CodePurpose.RESET_PASSWORD);

    assertThat(f.mail.lastCodeFor(email)).isEqualTo("000042");
    assertThat(f.mail.sent().get(0).body()).contains("reset your Parley password");
    assertThat(f.codes.verify(email, CodePurpose.RESET_PASSWORD, "000042")).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void codesDifferBetweenEmails() {
    for (int i = 0; i < 5; i++) {
      f.verification.issue(emailOf(uniqueName("Many")), CodePurpose.REGISTER);
    }

    assertThat(f.mail.sent()).extracting(m -> RecordingMailSender.codeIn(m.body())).doesNotHaveDuplicates();
  }

  @Test
  void issuingAgainTooSoonIsRateLimitedAndMailsNothing() {
    f.verification.issue(email, CodePurpose.REGISTER);

    ChatException e = expectError(ErrorCode.RATE_LIMITED, () -> f.verification.issue(email, CodePurpose.REGISTER));
    assertThat(e.retryAfter()).isPositive();
    assertThat(f.mail.sent()).hasSize(1);

    f.clock.advance(ServiceFixture.CODE_ISSUE_INTERVAL);
    f.verification.issue(email, CodePurpose.REGISTER);
    assertThat(f.mail.sent()).hasSize(2);
  }

  @Test
  void invalidEmailOrPurposeIsRefusedBeforeAnythingIsStored() {
    expectError(ErrorCode.INVALID_EMAIL, () -> f.verification.issue("nobody", CodePurpose.REGISTER));
    expectError(ErrorCode.BAD_REQUEST, () -> f.verification.issue(email, null));

    assertThat(f.mail.sent()).isEmpty();
    f.verification.issue(email, CodePurpose.REGISTER);
    assertThat(f.mail.sent()).hasSize(1);
  }

  @Test
  void mailFailureIsUnavailable() {
    VerificationService broken = new VerificationService(f.codes, mail -> {
      throw new IllegalStateException("SMTP down");
    });

    ChatException e = expectError(ErrorCode.UNAVAILABLE, () -> broken.issue(email, CodePurpose.REGISTER));
    assertThat(e.getCause()).hasMessage("SMTP down");
  }

  @Test
  void mailSendersOwnChatExceptionPassesThrough() {
    VerificationService broken = new VerificationService(f.codes, mail -> {
      throw new ChatException(ErrorCode.UNAVAILABLE, "relay refused");
    });

    assertThat(expectError(ErrorCode.UNAVAILABLE, () -> broken.issue(email, CodePurpose.REGISTER)).detail())
        .isEqualTo("relay refused");
  }
}
