package dev.parley.cache.redis;

import dev.parley.core.spi.VerificationCodes;
import dev.parley.core.spi.contract.VerificationCodesContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verification-code contract against a real Redis, under a fresh key prefix per test. */
class RedisVerificationCodesIT extends VerificationCodesContract {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Override
  protected VerificationCodes newCodes(Duration ttl, int maxAttempts, Duration issueInterval, Clock clock) {
    return redis.newCache().codeTtl(ttl).codeMaxAttempts(maxAttempts).codeIssueInterval(issueInterval).clock(clock)
        .buildWith(redis.client()).verificationCodes();
  }
}
