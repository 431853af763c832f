package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One live session of a user: the chat node and the session on it, the device it is, and when it
 * was bound. A user online on several devices has several. Immutable.
 */
public record PresenceBinding(long userId, String nodeId, String sessionId, String deviceId, Platform platform,
    Instant boundAt) {
  public PresenceBinding {
    Validation.id("userId", userId);
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(boundAt, "boundAt");
  }

  /** A binding whose device is the session itself, platform {@link Platform#OTHER}. */
  public PresenceBinding(long userId, String nodeId, String sessionId, Instant boundAt) {
    this(userId, nodeId, sessionId, sessionId, Platform.OTHER, boundAt);
  }

  /** This binding bound at {@code at} (what a registry stores for a bind at {@code at}). */
  public PresenceBinding at(Instant at) {
    return new PresenceBinding(userId, nodeId, sessionId, deviceId, platform, at);
  }

  public SessionRef ref() {
    return new SessionRef(userId, sessionId);
  }
}
