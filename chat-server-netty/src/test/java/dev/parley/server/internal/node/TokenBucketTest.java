package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket, driven by a hand-moved nanosecond clock; the test holds the one connection's state. */
class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TokenBucket bucket = new TokenBucket(10);
  private long tat = now.get();

  @Test
  void allowsABurstOfTheRateThenRefusesWithTheWaitForTheNextToken() {
    for (int i = 0; i < 10; i++) {
      assertThat(tryTake()).as("request %d", i).isZero();
    }
    assertThat(tryTake()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
  }

  @Test
  void refillsAtTheRateAndNeverHoldsMoreThanTheBurst() {
    for (int i = 0; i < 10; i++) {
      tryTake();
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(tryTake()).isZero();
    assertThat(tryTake()).isPositive();

    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    int allowed = 0;
    while (tryTake() == 0) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(10);
  }

  /** Takes a token the way a connection does: 0 when taken, else the wait. */
  private long tryTake() {
    long wait = bucket.waitNanos(tat, now.get());
    if (wait == 0) {
      tat = bucket.taken(tat, now.get());
    }
    return wait;
  }
}
