package dev.parley.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How many sessions a user may hold at once, and which one a new login replaces. One setting of
 * the deployment ({@code ChatLimits.loginPolicy}); every node passes it to its presence registry on
 * each bind, and the registry applies it atomically with the bind. Whatever the mode, a login from
 * a device id that already has a session replaces that session ({@link KickReason#REPLACED_BY_SAME_DEVICE}):
 * a reconnecting device never counts twice. Immutable.
 *
 * @param mode the rule
 * @param maxSessions the most sessions a user holds at once: 1 for {@link Mode#SINGLE}, the number
 *     of platforms (4) for {@link Mode#ONE_PER_PLATFORM}, 1..{@link #MAX_SESSIONS} for {@link Mode#MULTI}
 */
public record LoginPolicy(Mode mode, int maxSessions) {
  /** The hard bound on one user's live sessions, whatever the policy. */
  public static final int MAX_SESSIONS = 64;
  /** {@link Mode#MULTI}'s default limit. */
  public static final int DEFAULT_MULTI_SESSIONS = 10;

  public enum Mode {
    /** One session per user: the newest login wins, the other gets {@link KickReason#TOO_MANY_DEVICES}. */
    SINGLE,
    /** One session per platform: a second login on the same platform replaces the first ({@link KickReason#PLATFORM_CONFLICT}). */
    ONE_PER_PLATFORM,
    /** Up to {@code maxSessions} sessions; past it the oldest is replaced ({@link KickReason#TOO_MANY_DEVICES}). */
    MULTI
  }

  public LoginPolicy {
    Objects.requireNonNull(mode, "mode");
    int expected = switch (mode) {
      case SINGLE -> 1;
      case ONE_PER_PLATFORM -> Platform.values().length;
      case MULTI -> maxSessions;
    };
    if (maxSessions != expected || maxSessions < 1 || maxSessions > MAX_SESSIONS) {
      throw new IllegalArgumentException(mode + " allows " + (mode == Mode.MULTI ? "1.." + MAX_SESSIONS : expected)
          + " sessions, got " + maxSessions);
    }
  }

  public static LoginPolicy single() {
    return new LoginPolicy(Mode.SINGLE, 1);
  }

  /** The default. */
  public static LoginPolicy onePerPlatform() {
    return new LoginPolicy(Mode.ONE_PER_PLATFORM, Platform.values().length);
  }

  public static LoginPolicy multi(int maxSessions) {
    return new LoginPolicy(Mode.MULTI, maxSessions);
  }

  /** {@code mode} with its default limit ({@link #DEFAULT_MULTI_SESSIONS} for MULTI). */
  public static LoginPolicy of(Mode mode) {
    return switch (mode) {
      case SINGLE -> single();
      case ONE_PER_PLATFORM -> onePerPlatform();
      case MULTI -> multi(DEFAULT_MULTI_SESSIONS);
    };
  }

  /**
   * The policy a launcher option names: {@code single}, {@code one-per-platform}, {@code multi}
   * (10 sessions) or {@code multi:N} (any case).
   *
   * @throws IllegalArgumentException for anything else, naming what is accepted
   */
  public static LoginPolicy parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.equals("single")) {
        return single();
      }
      if (t.equals("one-per-platform")) {
        return onePerPlatform();
      }
      if (t.equals("multi")) {
        return of(Mode.MULTI);
      }
      if (t.startsWith("multi:")) {
        return multi(Integer.parseInt(t.substring("multi:".length())));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("login policy '" + text + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("login policy '" + text
        + "': expected single, one-per-platform, multi or multi:N (N = 1.." + MAX_SESSIONS + ")");
  }

  /** The option text {@link #parse} reads back. */
  @Override
  public String toString() {
    return switch (mode) {
      case SINGLE -> "single";
      case ONE_PER_PLATFORM -> "one-per-platform";
      case MULTI -> "multi:" + maxSessions;
    };
  }

  /**
   * The reference rule every registry implements: which of the user's {@code live} sessions to
   * evict when {@code incoming} binds. {@code live} excludes expired sessions; a live binding with
   * {@code incoming}'s session id is replaced silently (a re-bind), not evicted. Sessions of the
   * same device go first, then the policy's; past {@link #maxSessions} the oldest (lowest
   * {@code boundAt}, then session id) go.
   */
  public List<Eviction> evictions(List<PresenceBinding> live, PresenceBinding incoming) {
    List<PresenceBinding> rest = new ArrayList<>();
    List<Eviction> out = new ArrayList<>();
    for (PresenceBinding b : live) {
      if (b.sessionId().equals(incoming.sessionId())) {
        continue;
      }
      if (b.deviceId().equals(incoming.deviceId())) {
        out.add(new Eviction(b, KickReason.REPLACED_BY_SAME_DEVICE));
      } else if (mode == Mode.ONE_PER_PLATFORM && b.platform() == incoming.platform()) {
        out.add(new Eviction(b, KickReason.PLATFORM_CONFLICT));
      } else {
        rest.add(b);
      }
    }
    rest.sort(Comparator.comparing(PresenceBinding::boundAt).thenComparing(PresenceBinding::sessionId));
    for (int i = 0; i < rest.size() - (maxSessions - 1); i++) {
      out.add(new Eviction(rest.get(i), KickReason.TOO_MANY_DEVICES));
    }
    return out;
  }
}
