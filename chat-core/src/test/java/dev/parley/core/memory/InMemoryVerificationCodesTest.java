package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.CodePurpose;
import dev.parley.core.spi.VerificationCodes;
import dev.parley.core.spi.contract.VerificationCodesContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract, plus its own clean-up. */
class InMemoryVerificationCodesTest extends VerificationCodesContract {
  @Override
  protected VerificationCodes newCodes(Duration ttl, int maxAttempts, Duration issueInterval, Clock clock) {
    return new InMemoryVerificationCodes(ttl, maxAttempts, issueInterval, clock);
  }

  @Test
  void expiredCodesAreSweptOut() {
    InMemoryVerificationCodes c = new InMemoryVerificationCodes(TTL, MAX_ATTEMPTS, ISSUE_INTERVAL, clock);
    c.store("a@parley.test", CodePurpose.REGISTER, "1");
    c.store("b@parley.test", CodePurpose.REGISTER, "2");
    clock.advance(TTL.multipliedBy(2));
    c.store("c@parley.test", CodePurpose.REGISTER, "3");
    assertThat(c.size()).isEqualTo(1);
  }
}
