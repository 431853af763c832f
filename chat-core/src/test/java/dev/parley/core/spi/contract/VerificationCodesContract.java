package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodeCheck;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.spi.VerificationCodes;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link VerificationCodes}: single use, bounded attempts, expiry and the issue
 * rate limit, all judged by the injected clock. Emails are random, so a shared backend is fine.
 */
public abstract class VerificationCodesContract {
  protected static final Duration TTL = Duration.ofMinutes(10);
  protected static final int MAX_ATTEMPTS = 3;
  protected static final Duration ISSUE_INTERVAL = Duration.ofSeconds(60);
  private static final CodePurpose REGISTER = CodePurpose.REGISTER;

  protected MutableClock clock;
  protected VerificationCodes codes;
  private String email;

  /** Codes living {@code ttl}, dead after {@code maxAttempts} wrong tries, issued at most once per interval. */
  protected abstract VerificationCodes newCodes(Duration ttl, int maxAttempts, Duration issueInterval, Clock clock);

  @BeforeEach
  void createCodes() {
    clock = new MutableClock();
    codes = newCodes(TTL, MAX_ATTEMPTS, ISSUE_INTERVAL, clock);
    email = UniqueNames.email();
  }

  @Test
  void theRightCodeIsValidOnce() {
    codes.store(email, REGISTER, "123456");
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.VALID);
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.MISSING);
  }

  @Test
  void aCodeNeverIssuedIsMissing() {
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.MISSING);
  }

  @Test
  void wrongAttemptsBelowTheLimitLeaveTheCodeUsable() {
    codes.store(email, REGISTER, "123456");
    for (int i = 1; i < MAX_ATTEMPTS; i++) {
      assertThat(codes.verify(email, REGISTER, "000000")).isEqualTo(CodeCheck.WRONG);
    }
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void afterMaxWrongAttemptsEvenTheRightCodeFails() {
    codes.store(email, REGISTER, "123456");
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      assertThat(codes.verify(email, REGISTER, "00000" + i)).isEqualTo(CodeCheck.WRONG);
    }
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.TOO_MANY_ATTEMPTS);
    assertThat(codes.verify(email, REGISTER, "000000")).isEqualTo(CodeCheck.TOO_MANY_ATTEMPTS);
  }

  @Test
  void anExpiredCodeIsMissing() {
    codes.store(email, REGISTER, "123456");
    clock.advance(TTL.plusMillis(1));
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.MISSING);
  }

  @Test
  void aCodeIsValidUntilItsTtlRunsOut() {
    codes.store(email, REGISTER, "123456");
    clock.advance(TTL.minusMillis(1));
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void purposesHaveIndependentCodes() {
    codes.store(email, CodePurpose.REGISTER, "111111");
    codes.store(email, CodePurpose.RESET_PASSWORD, "222222");

    assertThat(codes.verify(email, CodePurpose.REGISTER, "222222")).isEqualTo(CodeCheck.WRONG);
    assertThat(codes.verify(email, CodePurpose.RESET_PASSWORD, "222222")).isEqualTo(CodeCheck.VALID);
    assertThat(codes.verify(email, CodePurpose.REGISTER, "111111")).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void issuingAgainWithinTheIntervalIsRateLimitedWithTheExactWait() {
    codes.store(email, REGISTER, "111111");
    clock.advance(Duration.ofSeconds(20).plusMillis(250));

    assertThatThrownBy(() -> codes.store(email, REGISTER, "222222"))
        .isInstanceOfSatisfying(ChatException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(39).plusMillis(750));
        });
    assertThat(codes.verify(email, REGISTER, "111111")).as("the earlier code stays").isEqualTo(CodeCheck.VALID);
  }

  @Test
  void usingACodeDoesNotLiftTheRateLimit() {
    codes.store(email, REGISTER, "111111");
    assertThat(codes.verify(email, REGISTER, "111111")).isEqualTo(CodeCheck.VALID);
    assertThatThrownBy(() -> codes.store(email, REGISTER, "222222"))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
  }

  @Test
  void theRateLimitIsPerEmailAndPurpose() {
    codes.store(email, REGISTER, "111111");
    String other = UniqueNames.email();
    codes.store(other, REGISTER, "222222");
    codes.store(email, CodePurpose.RESET_PASSWORD, "333333");
    assertThat(codes.verify(other, REGISTER, "222222")).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void reissuingAfterTheIntervalReplacesTheCodeAndResetsAttempts() {
    codes.store(email, REGISTER, "111111");
    for (int i = 1; i < MAX_ATTEMPTS; i++) {
      codes.verify(email, REGISTER, "000000");
    }
    clock.advance(ISSUE_INTERVAL);
    codes.store(email, REGISTER, "222222");

    assertThat(codes.verify(email, REGISTER, "111111")).isEqualTo(CodeCheck.WRONG);
    for (int i = 2; i < MAX_ATTEMPTS; i++) {
      assertThat(codes.verify(email, REGISTER, "000000")).isEqualTo(CodeCheck.WRONG);
    }
    assertThat(codes.verify(email, REGISTER, "222222")).isEqualTo(CodeCheck.VALID);
  }

  @Test
  void concurrentChecksOfTheRightCodeSucceedOnce() {
    codes.store(email, REGISTER, "123456");
    List<CodeCheck> checks = Concurrently.call(8, i -> codes.verify(email, REGISTER, "123456"));
    assertThat(checks).filteredOn(c -> c == CodeCheck.VALID).hasSize(1);
    assertThat(checks).filteredOn(c -> c == CodeCheck.MISSING).hasSize(7);
  }

  @Test
  void concurrentWrongAttemptsAreAllCounted() {
    codes.store(email, REGISTER, "123456");
    List<CodeCheck> checks = Concurrently.call(8, i -> codes.verify(email, REGISTER, "00000" + i));
    assertThat(checks).filteredOn(c -> c == CodeCheck.WRONG).hasSize(MAX_ATTEMPTS);
    assertThat(checks).filteredOn(c -> c == CodeCheck.TOO_MANY_ATTEMPTS).hasSize(8 - MAX_ATTEMPTS);
    assertThat(codes.verify(email, REGISTER, "123456")).isEqualTo(CodeCheck.TOO_MANY_ATTEMPTS);
  }
}
