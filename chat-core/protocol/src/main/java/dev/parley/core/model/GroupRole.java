package dev.parley.core.model;

/**
 * A member's role in a group. Mirrors the protobuf enum {@code parley.v1.GroupRole} name for name
 * (a unit test keeps them equal). Declared from the most to the least powerful.
 */
public enum GroupRole {
  /** Exactly one per group: may do everything, including dissolve and transfer ownership. */
  OWNER,
  /** Manages members (invite, answer join requests, kick and mute members) and the group's info. */
  ADMIN,
  /** Sends and reads; invites only when the group allows members to. */
  MEMBER;

  /** Owner or admin. */
  public boolean isManager() {
    return this != MEMBER;
  }

  /** The number of this role in the protobuf enum. */
  public int wireValue() {
    return ordinal() + 1;
  }

  /** The role of a protobuf enum number; 0 or unknown counts as {@link #MEMBER}. */
  public static GroupRole fromWireValue(int value) {
    GroupRole[] all = values();
    return value >= 1 && value <= all.length ? all[value - 1] : MEMBER;
  }
}
