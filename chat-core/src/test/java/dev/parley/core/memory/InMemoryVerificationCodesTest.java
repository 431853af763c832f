package dev.parley.core.memory;

import dev.parley.core.spi.VerificationCodes;
import dev.parley.core.spi.contract.VerificationCodesContract;
import java.time.Clock;
import java.time.Duration;

/** The in-memory implementation against its contract. */
class InMemoryVerificationCodesTest extends VerificationCodesContract {
  @Override
  protected VerificationCodes newCodes(Duration ttl, int maxAttempts, Duration issueInterval, Clock clock) {
    return new InMemoryVerificationCodes(ttl, maxAttempts, issueInterval, clock);
  }
}
