package dev.parley.core.memory;

import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.SessionToken;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenStore} in concurrent maps: the tokens by their string, and each user's live tokens
 * in issue order (changed only inside that user's {@link ConcurrentHashMap#compute} step, so the
 * per-user bound holds under concurrent issues). Tokens are 32 bytes from {@link SecureRandom},
 * encoded base64url without padding (43 characters). Thread-safe. Expiry is judged by the injected
 * clock; expired tokens are swept out at most once per TTL.
 */
public final class InMemoryTokenStore implements TokenStore, NonBlocking {
  private static final int TOKEN_BYTES = 32;

  private final Map<String, SessionToken> tokens = new ConcurrentHashMap<>();
  private final Map<Long, Deque<String>> byUser = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Duration ttl;
  private final int maxTokensPerUser;
  private final Clock clock;
  private final ExpirySweeper sweeper;

  /** A store with the default TTL ({@link TokenStore#DEFAULT_TTL}, 24 h) on the system UTC clock. */
  public InMemoryTokenStore() {
    this(DEFAULT_TTL, Clock.systemUTC());
  }

  /** A store whose tokens live {@code ttl} from issue, judged by {@code clock}; 20 live tokens per user. */
  public InMemoryTokenStore(Duration ttl, Clock clock) {
    this(ttl, clock, DEFAULT_MAX_TOKENS_PER_USER);
  }

  /**
   * A store whose tokens live {@code ttl} from issue, judged by {@code clock}, and whose users hold
   * at most {@code maxTokensPerUser} live tokens (issuing one more revokes the oldest).
   */
  public InMemoryTokenStore(Duration ttl, Clock clock, int maxTokensPerUser) {
    if (maxTokensPerUser < 1) {
      throw new IllegalArgumentException("maxTokensPerUser must be at least 1, got " + maxTokensPerUser);
    }
    this.maxTokensPerUser = maxTokensPerUser;
    this.ttl = Durations.requirePositive(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = new ExpirySweeper(ttl, clock);
  }

  @Override
  public SessionToken issue(long userId, DeviceInfo device) {
    Objects.requireNonNull(device, "device");
    Instant now = clock.instant();
    sweepIfDue(now);
    while (true) {
      SessionToken token = new SessionToken(newTokenString(), userId, now.plus(ttl), device, now, now);
      // 256 random bits never collide in practice; the check makes it a guarantee
      if (tokens.putIfAbsent(token.token(), token) == null) {
        byUser.compute(userId, (id, issued) -> admit(issued, token, now));
        return token;
      }
    }
  }

  /**
   * Appends {@code token} to a user's tokens in issue order, revokes the device's earlier tokens
   * and the oldest past the bound.
   */
  private Deque<String> admit(Deque<String> issued, SessionToken token, Instant now) {
    Deque<String> live = issued == null ? new ArrayDeque<>() : issued;
    live.removeIf(t -> !isLive(t, now));
    if (token.device().named()) {
      live.removeIf(t -> {
        SessionToken other = tokens.get(t);
        if (other != null && other.device().deviceId().equals(token.device().deviceId())) {
          tokens.remove(t);
          return true;
        }
        return false;
      });
    }
    live.addLast(token.token());
    while (live.size() > maxTokensPerUser) {
      tokens.remove(live.removeFirst());
    }
    return live;
  }

  @Override
  public Optional<SessionToken> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    SessionToken found = tokens.get(token);
    return found != null && clock.instant().isBefore(found.expiresAt()) ? Optional.of(found) : Optional.empty();
  }

  @Override
  public void revoke(String token) {
    SessionToken removed = token == null ? null : tokens.remove(token);
    if (removed != null) {
      byUser.computeIfPresent(removed.userId(), (id, issued) -> {
        issued.remove(token);
        return issued.isEmpty() ? null : issued;
      });
    }
  }

  @Override
  public void revokeAll(long userId) {
    Deque<String> issued = byUser.remove(userId);
    if (issued != null) {
      issued.forEach(tokens::remove);
    }
  }

  @Override
  public int revokeDevice(long userId, String deviceId) {
    Instant now = clock.instant();
    int[] revoked = {0};
    byUser.computeIfPresent(userId, (id, issued) -> {
      issued.removeIf(t -> {
        SessionToken other = tokens.get(t);
        if (other != null && other.device().named() && other.device().deviceId().equals(deviceId)) {
          tokens.remove(t);
          if (now.isBefore(other.expiresAt())) {
            revoked[0]++; // an expired token was no longer signed in: not counted
          }
          return true;
        }
        return false;
      });
      return issued.isEmpty() ? null : issued;
    });
    return revoked[0];
  }

  @Override
  public List<SessionToken> liveTokens(long userId) {
    Instant now = clock.instant();
    List<SessionToken> out = new java.util.ArrayList<>();
    byUser.computeIfPresent(userId, (id, issued) -> {
      for (String t : issued) {
        SessionToken found = tokens.get(t);
        if (found != null && now.isBefore(found.expiresAt())) {
          out.add(found);
        }
      }
      return issued;
    });
    return out;
  }

  @Override
  public void markSeen(String token, Instant at) {
    if (token != null) {
      tokens.computeIfPresent(token, (t, found) -> at.isAfter(found.lastSeenAt()) ? found.withLastSeenAt(at) : found);
    }
  }

  private boolean isLive(String token, Instant now) {
    SessionToken t = tokens.get(token);
    return t != null && now.isBefore(t.expiresAt());
  }

  /** Entries held, expired ones not yet swept included; for clean-up tests. */
  int size() {
    return tokens.size();
  }

  /** Users with a per-user token list, for clean-up tests. */
  int usersTracked() {
    return byUser.size();
  }

  private String newTokenString() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void sweepIfDue(Instant now) {
    if (sweeper.due(now)) {
      tokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
      for (Long userId : byUser.keySet()) {
        byUser.computeIfPresent(userId, (id, issued) -> {
          issued.removeIf(t -> !tokens.containsKey(t));
          return issued.isEmpty() ? null : issued;
        });
      }
    }
  }
}
