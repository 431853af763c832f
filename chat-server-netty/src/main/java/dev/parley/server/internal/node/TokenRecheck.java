package dev.parley.server.internal.node;

import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.TokenStore;
import dev.parley.netty.internal.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's backstop for revoked tokens: every interval it re-verifies the token of each logged-in
 * session and kicks the sessions whose token no longer verifies although it has not expired — it
 * was revoked (a password reset, the per-user bound) and no direct kick reached the session, e.g.
 * a login that raced the reset, a lost presence binding or an unreachable node. A session whose
 * token merely expired keeps running: a token only gates opening a session. One verify per session
 * per interval, on this class's own thread, so a slow store never delays heartbeats.
 *
 * <p>Thread-safe: start and stop are called once each by the owning node.
 */
public final class TokenRecheck {
  private static final Logger log = LoggerFactory.getLogger(TokenRecheck.class);
  /** What a session closed by the re-check is told. */
  public static final String REVOKED_REASON = "the session token was revoked; log in again";

  private final LocalSessions sessions;
  private final TokenStore tokens;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  public TokenRecheck(String nodeId, LocalSessions sessions, TokenStore tokens, Clock clock) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("parley-" + nodeId + "-token-recheck-"));
  }

  /** Re-checks every {@code interval}, the first time one interval from now. */
  public void start(Duration interval) {
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::recheck, ms, ms, TimeUnit.MILLISECONDS);
  }

  void recheck() {
    Instant now = clock.instant();
    try {
      for (ChatSession s : sessions.loggedIn()) {
        SessionToken t = s.token();
        if (t != null && now.isBefore(t.expiresAt()) && tokens.verify(t.token()).isEmpty() && s.token() == t) {
          log.info("token of user {} session {} was revoked; closing the session", t.userId(), s.sessionId());
          s.closeAfter(Frames.kicked(dev.parley.core.model.KickReason.REVOKED, REVOKED_REASON));
        }
      }
    } catch (RuntimeException e) {
      // The store failed: nobody is kicked on its say-so; the next round tries again.
      log.warn("token re-check failed: {}", e.toString());
    }
  }

  /** Stops the re-check. */
  public void stop() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
