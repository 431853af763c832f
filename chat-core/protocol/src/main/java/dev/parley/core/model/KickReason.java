package dev.parley.core.model;

/**
 * Why a node ended a session with {@code Kicked}. Mirrors the protobuf enum
 * {@code parley.v1.KickReason} name for name (a unit test keeps them equal).
 */
public enum KickReason {
  /** A newer login from the same device id replaced this session. */
  REPLACED_BY_SAME_DEVICE,
  /** Policy {@code ONE_PER_PLATFORM}: a login on another device of the same platform replaced it. */
  PLATFORM_CONFLICT,
  /**
   * The user's session limit was reached and this was the oldest session: policy {@code MULTI}
   * past its limit, or policy {@code SINGLE} (a limit of one) on any newer login.
   */
  TOO_MANY_DEVICES,
  /** The session's credential was revoked: logout elsewhere, device revoked, password reset. */
  REVOKED,
  /** The deployment disabled the account (the host's admin API). */
  DISABLED;

  /** The number of this reason in the protobuf enum (and the node-to-node Kick's reason_code). */
  public int wireValue() {
    return ordinal() + 1;
  }

  /**
   * The reason of a protobuf enum number; 0 or an unknown number (a sender that predates reasons,
   * which kicked only for a newer login) counts as {@link #TOO_MANY_DEVICES}.
   */
  public static KickReason fromWireValue(int value) {
    KickReason[] all = values();
    return value >= 1 && value <= all.length ? all[value - 1] : TOO_MANY_DEVICES;
  }
}
