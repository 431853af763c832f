package dev.parley.core.memory;

import dev.parley.core.model.BindResult;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.PresenceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PresenceRegistry} in a concurrent map of user id to that user's sessions (an immutable
 * array, oldest first, each with its own expiry). Thread-safe: every change to one user's sessions
 * is one atomic {@link ConcurrentHashMap#compute} step, so the login policy, the same-device rule
 * and the {@link LoginPolicy#MAX_SESSIONS} bound hold under concurrent binds. A session whose expiry
 * has passed by the injected clock is treated as absent everywhere; expired entries are swept out
 * at most once per TTL so memory stays bounded by the users seen in the last two TTLs.
 */
public final class InMemoryPresenceRegistry implements PresenceRegistry, NonBlocking {
  private static final Live[] NONE = new Live[0];

  private final Map<Long, Live[]> bindings = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final Clock clock;
  private final ExpirySweeper sweeper;

  /** A registry with the default TTL ({@link PresenceRegistry#DEFAULT_TTL}, 90 s) on the system UTC clock. */
  public InMemoryPresenceRegistry() {
    this(DEFAULT_TTL, Clock.systemUTC());
  }

  /** A registry whose bindings live {@code ttl} past their last bind or refresh, judged by {@code clock}. */
  public InMemoryPresenceRegistry(Duration ttl, Clock clock) {
    this.ttl = Durations.requirePositive(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = new ExpirySweeper(ttl, clock);
  }

  @Override
  public BindResult bind(PresenceBinding session, LoginPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    Instant now = clock.instant();
    long nowMs = now.toEpochMilli();
    PresenceBinding stamped = session.at(now);
    Live fresh = new Live(stamped, now.plus(ttl).toEpochMilli());
    sweepIfDue(now);
    BindResult[] result = new BindResult[1];
    bindings.compute(session.userId(), (id, current) -> {
      List<PresenceBinding> live = liveBindings(current, nowMs);
      List<Eviction> evicted = policy.evictions(live, stamped);
      boolean wasOnline = live.stream().anyMatch(b -> !b.sessionId().equals(session.sessionId()));
      List<Live> next = new ArrayList<>(live.size() + 1);
      for (Live l : current == null ? NONE : current) {
        if (l.isLiveAtMillis(nowMs) && !l.binding.sessionId().equals(session.sessionId())
            && evicted.stream().noneMatch(e -> e.binding().sessionId().equals(l.binding.sessionId()))) {
          next.add(l);
        }
      }
      next.add(fresh);
      result[0] = new BindResult(wasOnline, evicted);
      return next.toArray(NONE);
    });
    return result[0];
  }

  @Override
  public UnbindResult unbind(long userId, String sessionId) {
    long nowMs = clock.millis();
    UnbindResult[] result = {UnbindResult.NOT_BOUND};
    bindings.computeIfPresent(userId, (id, current) -> {
      List<Live> next = new ArrayList<>(current.length);
      boolean removed = false;
      for (Live l : current) {
        if (!l.isLiveAtMillis(nowMs)) {
          continue; // expired: gone already, just drop it
        }
        if (l.binding.sessionId().equals(sessionId)) {
          removed = true;
        } else {
          next.add(l);
        }
      }
      if (removed) {
        result[0] = next.isEmpty() ? UnbindResult.WENT_OFFLINE : UnbindResult.STILL_ONLINE;
      }
      return next.isEmpty() ? null : next.toArray(NONE);
    });
    return result[0];
  }

  @Override
  public List<PresenceBinding> sessions(long userId) {
    // millis, not an Instant: this runs for every pushed message
    return liveBindings(bindings.get(userId), clock.millis());
  }

  @Override
  public boolean isOnline(long userId) {
    Live[] current = bindings.get(userId);
    if (current == null) {
      return false;
    }
    long nowMs = clock.millis();
    for (Live l : current) {
      if (l.isLiveAtMillis(nowMs)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int refresh(Collection<SessionRef> sessions) {
    long nowMs = clock.millis();
    long expiresAt = nowMs + ttl.toMillis();
    int[] refreshed = {0};
    for (SessionRef ref : sessions) {
      bindings.computeIfPresent(ref.userId(), (id, current) -> {
        for (int i = 0; i < current.length; i++) {
          Live l = current[i];
          if (l.isLiveAtMillis(nowMs) && l.binding.sessionId().equals(ref.sessionId())) {
            Live[] next = current.clone();
            next[i] = new Live(l.binding, expiresAt);
            refreshed[0]++;
            return next;
          }
        }
        return current;
      });
    }
    return refreshed[0];
  }

  /** Users with an entry, expired ones not yet swept included; for clean-up tests. */
  int size() {
    return bindings.size();
  }

  private static List<PresenceBinding> liveBindings(Live[] current, long nowMs) {
    if (current == null) {
      return List.of();
    }
    if (current.length == 1) {
      return current[0].isLiveAtMillis(nowMs) ? List.of(current[0].binding) : List.of();
    }
    List<PresenceBinding> out = new ArrayList<>(current.length);
    for (Live l : current) {
      if (l.isLiveAtMillis(nowMs)) {
        out.add(l.binding);
      }
    }
    return out;
  }

  private void sweepIfDue(Instant now) {
    if (sweeper.due(now)) {
      long nowMs = now.toEpochMilli();
      for (Long userId : bindings.keySet()) {
        bindings.computeIfPresent(userId, (id, current) -> {
          for (Live l : current) {
            if (l.isLiveAtMillis(nowMs)) {
              return current; // the rest expire or are dropped on the user's next change
            }
          }
          return null;
        });
      }
    }
  }

  /** A binding and when it stops being live, in epoch milliseconds. Immutable. */
  private record Live(PresenceBinding binding, long expiresAtMs) {
    boolean isLiveAtMillis(long nowMs) {
      return nowMs < expiresAtMs;
    }
  }
}
