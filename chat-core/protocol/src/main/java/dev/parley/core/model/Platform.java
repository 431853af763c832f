package dev.parley.core.model;

import java.util.Locale;

/**
 * What kind of device a session runs on. The login policy {@code ONE_PER_PLATFORM} allows one
 * session per value. Mirrors the protobuf enum {@code parley.v1.Platform} name for name; a login
 * that names no platform counts as {@link #OTHER}.
 */
public enum Platform {
  DESKTOP, MOBILE, WEB, OTHER;

  /** The number of this platform in the protobuf enums (the chat protocol's and the status role's). */
  public int wireValue() {
    return ordinal() + 1;
  }

  /** The platform of a protobuf enum number; 0 (unspecified) or an unknown number counts as {@link #OTHER}. */
  public static Platform fromWireValue(int value) {
    Platform[] all = values();
    return value >= 1 && value <= all.length ? all[value - 1] : OTHER;
  }

  /**
   * The platform named {@code name} (any case); {@link #OTHER} for null or blank.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Platform parse(String name) {
    if (name == null || name.isBlank()) {
      return OTHER;
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown platform '" + name + "'; expected DESKTOP, MOBILE, WEB or OTHER", e);
    }
  }
}
