package dev.parley.core.memory;

import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.PresenceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PresenceRegistry} in a concurrent map. Thread-safe: every change to one user's binding
 * is an atomic map operation. A binding whose expiry has passed by the injected clock is treated
 * as absent everywhere; expired entries are swept out at most once per TTL so memory stays bounded
 * by the users seen in the last two TTLs.
 */
public final class InMemoryPresenceRegistry implements PresenceRegistry, NonBlocking {
  private final Map<Long, Live> bindings = new ConcurrentHashMap<>();
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
  public Optional<PresenceBinding> bind(long userId, String nodeId, String sessionId) {
    Instant now = clock.instant();
    PresenceBinding binding = new PresenceBinding(userId, nodeId, sessionId, now);
    Live fresh = new Live(binding, now.plus(ttl).toEpochMilli());
    sweepIfDue(now);
    Live previous = bindings.put(userId, fresh);
    return previous != null && previous.isLiveAt(now) ? Optional.of(previous.binding) : Optional.empty();
  }

  @Override
  public boolean unbind(long userId, String sessionId) {
    Instant now = clock.instant();
    boolean[] removed = {false};
    bindings.computeIfPresent(userId, (id, live) -> {
      if (!live.isLiveAt(now)) {
        return null; // expired: gone already, just drop it
      }
      if (live.binding.sessionId().equals(sessionId)) {
        removed[0] = true;
        return null;
      }
      return live;
    });
    return removed[0];
  }

  @Override
  public Optional<PresenceBinding> lookup(long userId) {
    Live live = bindings.get(userId);
    // millis, not an Instant: this runs for every pushed message
    return live != null && live.isLiveAtMillis(clock.millis()) ? Optional.of(live.binding) : Optional.empty();
  }

  @Override
  public int refresh(Map<Long, String> sessionsByUser) {
    Instant now = clock.instant();
    long expiresAt = now.plus(ttl).toEpochMilli();
    int[] refreshed = {0};
    for (Map.Entry<Long, String> e : sessionsByUser.entrySet()) {
      bindings.computeIfPresent(e.getKey(), (id, live) -> {
        if (live.isLiveAt(now) && live.binding.sessionId().equals(e.getValue())) {
          refreshed[0]++;
          return new Live(live.binding, expiresAt);
        }
        return live;
      });
    }
    return refreshed[0];
  }

  /** Entries held, expired ones not yet swept included; for clean-up tests. */
  int size() {
    return bindings.size();
  }

  private void sweepIfDue(Instant now) {
    if (sweeper.due(now)) {
      bindings.values().removeIf(live -> !live.isLiveAt(now));
    }
  }

  /** A binding and when it stops being live, in epoch milliseconds. Immutable. */
  private record Live(PresenceBinding binding, long expiresAtMs) {
    boolean isLiveAt(Instant now) {
      return isLiveAtMillis(now.toEpochMilli());
    }

    boolean isLiveAtMillis(long nowMs) {
      return nowMs < expiresAtMs;
    }
  }
}
