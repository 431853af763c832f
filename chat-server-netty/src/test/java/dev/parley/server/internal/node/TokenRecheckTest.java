package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.model.SessionToken;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenRecheck} closes exactly the sessions whose token was revoked: not those whose token
 * is live, nor those whose token merely expired.
 */
class TokenRecheckTest {
  private static final Duration TTL = Duration.ofHours(1);

  private final MutableClock clock = new MutableClock();
  private final InMemoryTokenStore tokens = new InMemoryTokenStore(TTL, clock);
  private final LocalSessions sessions = new LocalSessions(new NodeMetrics(new SimpleMeterRegistry(), "n1"));
  private final TokenRecheck recheck = new TokenRecheck("n1", sessions, tokens, clock);

  @Test
  void kicksOnlyTheSessionsWhoseUnexpiredTokenWasRevoked() {
    EmbeddedChannel expired = session(tokens.issue(1));
    clock.advance(Duration.ofMinutes(30));
    EmbeddedChannel live = session(tokens.issue(2));
    SessionToken revokedToken = tokens.issue(3);
    EmbeddedChannel revoked = session(revokedToken);
    tokens.revoke(revokedToken.token());
    clock.advance(Duration.ofMinutes(31)); // user 1's token has expired, the others have not

    recheck.recheck();

    Frame kicked = revoked.readOutbound();
    assertThat(kicked.getKicked().getReason()).isEqualTo(TokenRecheck.REVOKED_REASON);
    assertThat(revoked.isOpen()).isFalse();
    for (EmbeddedChannel untouched : new EmbeddedChannel[] {live, expired}) {
      assertThat((Object) untouched.readOutbound()).isNull();
      assertThat(untouched.isOpen()).isTrue();
    }
  }

  private EmbeddedChannel session(SessionToken token) {
    EmbeddedChannel channel = new EmbeddedChannel();
    ChatSession s = new ChatSession(channel, new SessionWorkQueue(Runnable::run, 4, channel.eventLoop()), 1 << 20);
    s.loginAs(token, new DeviceInfo("session:" + s.sessionId(), Platform.OTHER, ""));
    sessions.add(s);
    return channel;
  }
}
