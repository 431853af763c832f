package dev.parley.core.model;

/**
 * What an entry of a group's log is. Everything but {@link #TEXT} is a system message that the
 * server writes when the group changes; its sender is the user who acted. Mirrors the protobuf enum
 * {@code parley.v1.GroupMessageKind} name for name (a unit test keeps them equal).
 */
public enum GroupMessageKind {
  /** A member's message. */
  TEXT,
  /** The group was created; targets are the initial members (the owner too). */
  GROUP_CREATED,
  /** Targets joined: invited, approved, or joined an open group. */
  MEMBERS_JOINED,
  /** The target left. */
  MEMBER_LEFT,
  /** The target was removed by the sender. */
  MEMBER_KICKED,
  /** The target's role changed to the entry's role. */
  ROLE_CHANGED,
  /** The target is muted until the entry's mutedUntil (null: unmuted). */
  MEMBER_MUTED,
  /** Name, avatar, notice, join policy, invite or mute-all settings changed. */
  GROUP_INFO_UPDATED,
  /** The target is the new owner; the sender, the previous owner, is an admin now. */
  OWNERSHIP_TRANSFERRED,
  /** The owner dissolved the group; nothing follows this entry. */
  GROUP_DISSOLVED,
  /** A TEXT entry ({@code targetSeq}) was recalled by its sender, or by the owner or an admin. */
  MESSAGE_RECALLED,
  /** A TEXT entry ({@code targetSeq}) was edited by its sender; the entry's text is the new text. */
  MESSAGE_EDITED;

  /** Whether this is a system message (anything but {@link #TEXT}). */
  public boolean isSystem() {
    return this != TEXT;
  }

  /** The number of this kind in the protobuf enum. */
  public int wireValue() {
    return ordinal() + 1;
  }

  /** The kind of a protobuf enum number; 0 counts as {@link #TEXT}, an unknown number as {@link #GROUP_INFO_UPDATED}. */
  public static GroupMessageKind fromWireValue(int value) {
    GroupMessageKind[] all = values();
    if (value == 0) {
      return TEXT;
    }
    return value >= 1 && value <= all.length ? all[value - 1] : GROUP_INFO_UPDATED;
  }
}
