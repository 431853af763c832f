package dev.parley.core.spi;

import dev.parley.core.model.BindResult;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is online where: every live session of a user, each a {@link PresenceBinding} (node,
 * session, device, platform). A binding expires unless the owning node refreshes it within the
 * registry's TTL, so a crashed node's users fall offline by themselves; each session's TTL is its
 * own. A user is online while any session is. One user holds at most
 * {@link LoginPolicy#MAX_SESSIONS} bindings. Implementations are thread-safe and may block.
 */
public interface PresenceRegistry {
  /**
   * DESIGN section 8: bindings live three heartbeat intervals unless refreshed. The one default of
   * the presence TTL: the in-memory and Redis registries, and so every role, default to it.
   */
  Duration DEFAULT_TTL = Duration.ofSeconds(90);

  /**
   * Binds {@code session} (its {@code boundAt} is ignored: the registry's clock stamps it) and,
   * in the same atomic step, removes the user's sessions {@code policy} evicts for it
   * ({@link LoginPolicy#evictions}). A live binding with the same session id is replaced silently.
   * The caller kicks the evicted sessions.
   */
  BindResult bind(PresenceBinding session, LoginPolicy policy);

  /** Removes the binding only if {@code sessionId} is still bound for {@code userId}. */
  UnbindResult unbind(long userId, String sessionId);

  /** The live sessions of {@code userId}, oldest first; empty while the user is offline. */
  List<PresenceBinding> sessions(long userId);

  /** Whether {@code userId} has any live session. */
  default boolean isOnline(long userId) {
    return !sessions(userId).isEmpty();
  }

  /** The live sessions of the given users, keyed by user id; users offline are absent. */
  default Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
    Map<Long, List<PresenceBinding>> out = new HashMap<>();
    for (long id : userIds) {
      List<PresenceBinding> live = sessions(id);
      if (!live.isEmpty()) {
        out.put(id, live);
      }
    }
    return out;
  }

  /**
   * Extends the TTL of each listed session that is still bound (each its own TTL); returns how
   * many were refreshed.
   */
  int refresh(Collection<SessionRef> sessions);
}
