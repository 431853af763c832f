package dev.parley.sdk.internal;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules for device ids and names, as the server checks them: an id is 1 to 64 of
 * {@code A-Z a-z 0-9 . _ : -}; a name at most 64 code points without control characters. Stateless.
 */
public final class DeviceIds {
  /** Most code points in a device name. */
  public static final int MAX_NAME_LENGTH = 64;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private DeviceIds() {}

  /** Whether {@code deviceId} is a valid device id. */
  public static boolean isValid(String deviceId) {
    return deviceId != null && ID.matcher(deviceId).matches();
  }

  /**
   * Returns {@code deviceId} when valid.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String checked(String deviceId) {
    Objects.requireNonNull(deviceId, "deviceId");
    if (!isValid(deviceId)) {
      throw new IllegalArgumentException("deviceId must be 1 to 64 of A-Z a-z 0-9 . _ : - (got \""
          + (deviceId.length() > 80 ? deviceId.substring(0, 80) + "..." : deviceId) + "\")");
    }
    return deviceId;
  }

  /**
   * Returns {@code name} stripped, when at most 64 code points without control characters.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String checkedName(String name) {
    String n = Objects.requireNonNull(name, "deviceName").strip();
    if (n.codePointCount(0, n.length()) > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("deviceName is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (n.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("deviceName contains control characters");
    }
    return n;
  }

  /** A new random device id (a UUID). */
  public static String random() {
    return UUID.randomUUID().toString();
  }

  /**
   * {@code deviceId} as a part of a file name: ':' (not allowed in Windows file names) becomes
   * {@code %3A}; no valid id contains '%', so different ids give different names.
   */
  public static String fileNamePart(String deviceId) {
    return checked(deviceId).replace(":", "%3A");
  }
}
