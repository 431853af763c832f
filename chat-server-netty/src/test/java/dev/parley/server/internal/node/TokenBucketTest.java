package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket, driven by a hand-moved nanosecond clock. */
class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TokenBucket bucket = new TokenBucket(10, now::get);

  @Test
  void allowsABurstOfTheRateThenRefusesWithTheWaitForTheNextToken() {
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.tryTake()).as("request %d", i).isZero();
    }
    assertThat(bucket.tryTake()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
  }

  @Test
  void refillsAtTheRateAndNeverHoldsMoreThanTheBurst() {
    for (int i = 0; i < 10; i++) {
      bucket.tryTake();
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(bucket.tryTake()).isZero();
    assertThat(bucket.tryTake()).isPositive();

    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    int allowed = 0;
    while (bucket.tryTake() == 0) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(10);
  }
}
