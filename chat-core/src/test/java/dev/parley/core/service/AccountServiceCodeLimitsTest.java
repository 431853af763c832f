package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static dev.parley.core.service.ServiceFixture.emailOf;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Caps on code requests per address and in all, and on wrong codes per email per day (issue 10, item 3). */
class AccountServiceCodeLimitsTest {
  private static final String ADDRESS = "192.0.2.30";
  private static final Duration ADDRESS_WINDOW = Duration.ofMinutes(10);
  private static final int WRONG_PER_DAY = 4;

  private final ServiceFixture f = new ServiceFixture(ChatLimits.defaults()
      .withCodeLimits(new CodeLimits(2, ADDRESS_WINDOW, 3, WRONG_PER_DAY)));

  @Test
  void codeRequestsFromOneAddressAreCappedWithRetryAfter() {
    request(fresh(), ADDRESS);
    f.clock.advance(Duration.ofMinutes(4));
    request(fresh(), ADDRESS);
    String third = fresh();

    ChatException limited = expectError(ErrorCode.RATE_LIMITED, () -> request(third, ADDRESS));
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofMinutes(6));
    assertThat(limited.detail()).contains(ADDRESS);
    assertThat(f.mail.sentTo(third)).isEmpty();

    request(fresh(), "198.51.100.30");
    f.clock.advance(limited.retryAfter());
    request(third, ADDRESS);
    assertThat(f.mail.sentTo(third)).hasSize(1);
  }

  @Test
  void codeRequestsAreCappedPerMinuteAcrossAddresses() {
    for (int i = 0; i < 3; i++) {
      request(fresh(), "203.0.113." + i);
    }

    ChatException limited = expectError(ErrorCode.RATE_LIMITED, () -> request(fresh(), "203.0.113.99"));
    assertThat(limited.retryAfter()).isEqualTo(CodeLimits.GLOBAL_WINDOW);

    f.clock.advance(CodeLimits.GLOBAL_WINDOW);
    request(fresh(), "203.0.113.99");
  }

  @Test
  void requestsRefusedBecauseTheMailIsDownDoNotCount() {
    CodeIssuer mailDown = (email, purpose, mail) -> {
      throw new ChatException(ErrorCode.UNAVAILABLE, "could not send the verification mail (test)");
    };
    AccountService failing = new AccountService(f.users, f.codes, mailDown, f.tokens, f.hasher, f.rateLimiter,
        f.nodes, f.limits);
    for (int i = 0; i < 3; i++) {
      expectError(ErrorCode.UNAVAILABLE, () -> failing.requestCode(fresh(), CodePurpose.REGISTER, ADDRESS));
    }

    request(fresh(), ADDRESS);
    request(fresh(), ADDRESS);
  }

  @Test
  void resetCodeRequestsForUnknownEmailsCountLikeAnyOther() {
    request(fresh(), ADDRESS, CodePurpose.RESET_PASSWORD);
    request(fresh(), ADDRESS, CodePurpose.RESET_PASSWORD);

    expectError(ErrorCode.RATE_LIMITED, () -> request(fresh(), ADDRESS, CodePurpose.RESET_PASSWORD));
  }

  @Test
  void wrongCodesPerEmailAreCappedPerDayAcrossCodes() {
    User user = f.user("Guessed");
    String first = resetCode(user);
    for (int i = 0; i < ServiceFixture.CODE_ATTEMPTS; i++) {
      wrongReset(user, first);
    }
    f.clock.advance(ServiceFixture.CODE_ISSUE_INTERVAL);
    String second = resetCode(user);
    for (int i = ServiceFixture.CODE_ATTEMPTS; i < WRONG_PER_DAY; i++) {
      wrongReset(user, second);
    }

    ChatException limited = expectError(ErrorCode.RATE_LIMITED,
        () -> f.accounts.resetPassword(user.email(), second, "brand new 99"));
    assertThat(limited.retryAfter()).isEqualTo(CodeLimits.FAILED_CHECKS_WINDOW
        .minus(ServiceFixture.CODE_ISSUE_INTERVAL).minus(ADDRESS_WINDOW)); // until the first code's wrong guesses age out

    f.clock.advance(limited.retryAfter());
    f.accounts.resetPassword(user.email(), resetCode(user), "brand new 99");
    assertThat(f.hasher.verify("brand new 99", f.users.findById(user.id()).orElseThrow().passwordHash())).isTrue();
  }

  @Test
  void theCapIsNotCheckedAgainstTheCodeOnceReached() {
    String email = fresh();
    request(email, ADDRESS);
    String code = f.mail.lastCodeFor(email);
    String name = uniqueName("Capped");
    for (int i = 0; i < WRONG_PER_DAY; i++) {
      expectError(ErrorCode.INVALID_CODE, () -> f.accounts.register(email, name, PASSWORD, otherCode(code)));
    }

    expectError(ErrorCode.RATE_LIMITED, () -> f.accounts.register(email, name, PASSWORD, code));
    assertThat(f.users.findByEmail(email)).isEmpty();
  }

  @Test
  void unknownEmailsHaveTheSameDailyBudgetOfWrongCodes() {
    String unknown = fresh();
    for (int i = 0; i < WRONG_PER_DAY; i++) {
      expectError(ErrorCode.INVALID_CODE, () -> f.accounts.resetPassword(unknown, "123456", "brand new 99"));
    }

    expectError(ErrorCode.RATE_LIMITED, () -> f.accounts.resetPassword(unknown, "123456", "brand new 99"));
  }

  @Test
  void aRightCodeDoesNotSpendTheBudget() {
    User same = f.user("Repeat");
    for (int i = 0; i < WRONG_PER_DAY + 1; i++) {
      f.accounts.resetPassword(same.email(), resetCode(same), "brand new 9" + i);
    }
  }

  private String resetCode(User user) {
    f.clock.advance(ADDRESS_WINDOW); // keep clear of the per-address and global caps
    request(user.email(), ADDRESS, CodePurpose.RESET_PASSWORD);
    return f.mail.lastCodeFor(user.email());
  }

  private void wrongReset(User user, String code) {
    expectError(ErrorCode.INVALID_CODE, () -> f.accounts.resetPassword(user.email(), otherCode(code), "brand new 99"));
  }

  private void request(String email, String address) {
    request(email, address, CodePurpose.REGISTER);
  }

  private void request(String email, String address, CodePurpose purpose) {
    f.accounts.requestCode(email, purpose, address);
  }

  private static String fresh() {
    return emailOf(uniqueName("Capped"));
  }

  private static String otherCode(String code) {
    return code.equals("000000") ? "000001" : "000000";
  }
}
