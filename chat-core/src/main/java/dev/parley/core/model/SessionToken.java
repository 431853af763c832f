package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token that lets {@code userId} open chat sessions until {@code expiresAt}, from
 * {@code device} (or from any device when {@link DeviceInfo#named() unnamed}). Immutable.
 *
 * @param issuedAt when it was issued
 * @param lastSeenAt the last time a session with it logged in or ended (= {@code issuedAt} until then)
 */
public record SessionToken(String token, long userId, Instant expiresAt, DeviceInfo device, Instant issuedAt,
    Instant lastSeenAt) {
  public SessionToken {
    Objects.requireNonNull(token, "token");
    Validation.id("userId", userId);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
  }

  /** A token for no particular device, issued at {@link Instant#EPOCH} (tests, seeded tokens). */
  public SessionToken(String token, long userId, Instant expiresAt) {
    this(token, userId, expiresAt, DeviceInfo.UNNAMED, Instant.EPOCH, Instant.EPOCH);
  }

  public SessionToken withLastSeenAt(Instant at) {
    return new SessionToken(token, userId, expiresAt, device, issuedAt, at);
  }

  @Override
  public String toString() {
    return "SessionToken[userId=" + userId + ", device=" + device.deviceId() + ", expiresAt=" + expiresAt + "]";
  }
}
