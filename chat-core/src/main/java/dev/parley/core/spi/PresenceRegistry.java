package dev.parley.core.spi;

import dev.parley.core.model.PresenceBinding;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who is online where. A binding maps a user to one (node, session); it expires unless the owning
 * node refreshes it within the registry's TTL, so a crashed node's users fall offline by
 * themselves. Implementations are thread-safe and may block.
 */
public interface PresenceRegistry {
  /**
   * DESIGN section 8: bindings live three heartbeat intervals unless refreshed. The one default of
   * the presence TTL: the in-memory and Redis registries, and so every role, default to it.
   */
  Duration DEFAULT_TTL = Duration.ofSeconds(90);

  /** Binds {@code userId} to the session, replacing any binding; returns the live binding it replaced. */
  Optional<PresenceBinding> bind(long userId, String nodeId, String sessionId);

  /** Removes the binding only if it is still {@code sessionId}'s; true when removed. */
  boolean unbind(long userId, String sessionId);

  /** The live binding of {@code userId}, if any. */
  Optional<PresenceBinding> lookup(long userId);

  /** Live bindings of the given users, keyed by user id. */
  default Map<Long, PresenceBinding> lookupAll(Collection<Long> userIds) {
    Map<Long, PresenceBinding> out = new HashMap<>();
    for (long id : userIds) {
      lookup(id).ifPresent(b -> out.put(id, b));
    }
    return out;
  }

  /**
   * Extends the TTL of each binding in {@code sessionsByUser} (user id to session id) that still
   * names that session; returns how many were refreshed.
   */
  int refresh(Map<Long, String> sessionsByUser);
}
