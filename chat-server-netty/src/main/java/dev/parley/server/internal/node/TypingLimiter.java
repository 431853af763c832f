package dev.parley.server.internal.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The typing indicators' rate (issue 15): a token bucket per session ({@value #SESSION_BURST} at
 * once, {@value #SESSION_PER_SECOND} a second) and one per user across all its sessions on this
 * node ({@value #USER_BURST} at once, {@value #USER_PER_SECOND} a second). Both are kept in memory
 * of this node: typing is never stored and a lost indicator costs nothing, so a user with sessions
 * on several nodes may send up to the user rate on each (documented limit), which no shared
 * RateLimiter round trip per keystroke pause is worth.
 *
 * <p>Each bucket is one {@link AtomicLong} holding the "generic cell rate" state (the theoretical
 * arrival time of the next indicator), changed by compare-and-set. Bounded: sessions are held
 * weakly (a closed session's bucket goes with it) and user buckets expire a minute after their last
 * use, at most {@value #MAX_USERS} of them. Thread-safe.
 */
final class TypingLimiter {
  static final int SESSION_BURST = 5;
  static final int SESSION_PER_SECOND = 1;
  static final int USER_BURST = 10;
  static final int USER_PER_SECOND = 2;
  static final int MAX_USERS = 1_000_000;

  private final Cache<ChatSession, AtomicLong> sessions;
  private final Cache<Long, AtomicLong> users;
  private final Ticker ticker;

  TypingLimiter(Ticker ticker) {
    this.ticker = ticker;
    this.sessions = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    this.users = Caffeine.newBuilder().maximumSize(MAX_USERS).expireAfterAccess(Duration.ofMinutes(1))
        .ticker(ticker).executor(Runnable::run).build();
  }

  /** Takes a token from the session's and the user's buckets; 0 when both had one, else the nanoseconds to wait. */
  long acquire(ChatSession s) {
    long now = ticker.read();
    AtomicLong session = sessions.get(s, k -> new AtomicLong(now));
    long wait = take(session, now, SESSION_BURST, SESSION_PER_SECOND);
    if (wait > 0) {
      return wait;
    }
    AtomicLong user = users.get(s.userId(), k -> new AtomicLong(now));
    return take(user, now, USER_BURST, USER_PER_SECOND);
  }

  private static long take(AtomicLong tat, long now, int burst, int perSecond) {
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long tolerance = interval * (burst - 1L);
    while (true) {
      long current = tat.get();
      long base = Math.max(current, now);
      long wait = base - now - tolerance;
      if (wait > 0) {
        return wait;
      }
      if (tat.compareAndSet(current, base + interval)) {
        return 0;
      }
    }
  }
}
