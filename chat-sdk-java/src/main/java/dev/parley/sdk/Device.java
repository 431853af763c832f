package dev.parley.sdk;

import dev.parley.core.model.Platform;
import java.time.Instant;
import java.util.Objects;

/**
 * One of the user's devices, as {@link ChatSession#listDevices()} reports it: a device that holds
 * a live token or has a live session. Immutable.
 *
 * @param deviceId the id the device logs in with
 * @param platform what kind of device it is
 * @param name the name it gave itself ("" for none)
 * @param lastSeen now when online; else its last login or the end of its last session
 * @param online whether it has a live session now
 * @param current whether it is the device of the session that asked
 */
public record Device(String deviceId, Platform platform, String name, Instant lastSeen, boolean online,
    boolean current) {
  public Device {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
