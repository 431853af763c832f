package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A reconnect waits at least the retry-after of the node's last refusal. */
class ReconnectDelayTest {
  private static final Duration POLICY = Duration.ofMillis(250);

  @Test
  void aRateLimitedLoginWaitsOutTheNodesLongerRetryAfter() {
    ChatException refused = ChatException.rateLimited("the node is busy with logins", Duration.ofMillis(900));

    assertThat(SessionEngine.reconnectDelay(POLICY, refused)).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aShorterRetryAfterKeepsThePolicysDelay() {
    ChatException refused = ChatException.rateLimited("busy", Duration.ofMillis(100));

    assertThat(SessionEngine.reconnectDelay(POLICY, refused)).isEqualTo(POLICY);
  }

  @Test
  void aLostConnectionWithoutRetryAfterUsesThePolicy() {
    ChatException lost = new ChatException(ErrorCode.UNAVAILABLE, "connection reset");

    assertThat(SessionEngine.reconnectDelay(POLICY, lost)).isEqualTo(POLICY);
    assertThat(SessionEngine.reconnectDelay(POLICY, null)).isEqualTo(POLICY);
  }
}
