package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  @Test
  void noneNeverRetries() {
    assertThat(ReconnectPolicy.none().delayBeforeAttempt(1)).isEmpty();
  }

  @Test
  void withoutJitterDelaysDoubleUpToTheMaximum() {
    ReconnectPolicy p = ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofMillis(1000), 0);
    assertThat(p.delayBeforeAttempt(1)).contains(Duration.ofMillis(100));
    assertThat(p.delayBeforeAttempt(2)).contains(Duration.ofMillis(200));
    assertThat(p.delayBeforeAttempt(4)).contains(Duration.ofMillis(800));
    assertThat(p.delayBeforeAttempt(5)).contains(Duration.ofMillis(1000));
    assertThat(p.delayBeforeAttempt(1_000_000)).contains(Duration.ofMillis(1000));
  }

  @RepeatedTest(20)
  void jitterSpreadsDelaysWithinItsBand() {
    ReconnectPolicy p = ReconnectPolicy.exponential(Duration.ofMillis(1000), Duration.ofSeconds(60), 0.25);
    Duration d = p.delayBeforeAttempt(2).orElseThrow();
    assertThat(d).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2500));
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> ReconnectPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
