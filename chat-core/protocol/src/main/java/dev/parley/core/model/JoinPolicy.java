package dev.parley.core.model;

/**
 * Who may become a member of a group without being invited. Mirrors the protobuf enum
 * {@code parley.v1.JoinPolicy} name for name (a unit test keeps them equal).
 */
public enum JoinPolicy {
  /** Only an invitation adds a member; a request to join is refused. The default. */
  INVITE_ONLY,
  /** A request to join waits for an owner or admin to accept or decline it. */
  APPROVAL,
  /** A request to join adds the requester at once. */
  OPEN;

  /** The number of this policy in the protobuf enum. */
  public int wireValue() {
    return ordinal() + 1;
  }

  /** The policy of a protobuf enum number; 0 or unknown counts as {@link #INVITE_ONLY}. */
  public static JoinPolicy fromWireValue(int value) {
    JoinPolicy[] all = values();
    return value >= 1 && value <= all.length ? all[value - 1] : INVITE_ONLY;
  }
}
