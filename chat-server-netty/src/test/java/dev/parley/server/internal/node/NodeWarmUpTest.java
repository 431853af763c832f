package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The warm-up moves real logins and messages through a throwaway node and ends by itself. */
class NodeWarmUpTest {
  @Test
  void logsInAndExchangesMessagesThroughAThrowawayNodeThenStops() {

    NodeWarmUp.Result r = NodeWarmUp.run(Duration.ofMillis(300), "warm-test", 1, true);

    assertThat(r.messages()).isPositive().isLessThanOrEqualTo(NodeWarmUp.MAX_MESSAGES);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
        t -> t.isAlive() && t.getName().contains("warm-test-warmup") && !t.isDaemon());
  }
}
