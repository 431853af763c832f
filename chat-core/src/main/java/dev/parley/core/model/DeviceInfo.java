package dev.parley.core.model;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device as its client names it: a stable id per installation, its platform, and an optional
 * human name ("Ann's phone"). Immutable.
 *
 * @param deviceId 1 to 64 of {@code A-Z a-z 0-9 . _ : -}; {@link #UNNAMED_ID} ("") only for
 *     tokens issued without a device (they log in any device id)
 * @param platform never null
 * @param name at most {@link #MAX_NAME_LENGTH} code points, no control characters; "" when none
 */
public record DeviceInfo(String deviceId, Platform platform, String name) {
  public static final String UNNAMED_ID = "";
  public static final int MAX_NAME_LENGTH = 64;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** A token not tied to any device (tokens issued by {@code issue(userId)}, seeded tokens). */
  public static final DeviceInfo UNNAMED = new DeviceInfo(UNNAMED_ID, Platform.OTHER, "");

  public DeviceInfo {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(name, "name");
    if (!deviceId.isEmpty() && !ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("not a device id: " + deviceId);
    }
  }

  /** Whether this names a device (tokens issued without one do not). */
  public boolean named() {
    return !deviceId.isEmpty();
  }

  /**
   * A client-supplied device, checked: the id's syntax, the name's length and characters.
   *
   * @throws ChatException {@link ErrorCode#BAD_REQUEST} naming what is wrong
   */
  public static DeviceInfo of(String deviceId, Platform platform, String name) {
    String id = deviceId == null ? "" : deviceId;
    if (!ID.matcher(id).matches()) {
      throw new ChatException(ErrorCode.BAD_REQUEST,
          "deviceId must be 1 to 64 of A-Z a-z 0-9 . _ : - (got " + id.length() + " characters)");
    }
    String n = name == null ? "" : name.strip();
    if (n.codePointCount(0, n.length()) > MAX_NAME_LENGTH) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "deviceName is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (n.codePoints().anyMatch(Character::isISOControl)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "deviceName contains control characters");
    }
    return new DeviceInfo(id, platform == null ? Platform.OTHER : platform, n);
  }

  /** Whether {@code deviceId} is a syntactically valid device id. */
  public static boolean isValidId(String deviceId) {
    return deviceId != null && ID.matcher(deviceId).matches();
  }
}
