package dev.parley.core.model;

/**
 * A later change to a stored one-to-one message. Mirrors {@code parley.v1.RevisionKind} name for
 * name. Recall and edit are made by the sender and reach both mailboxes; delete hides the message
 * from the owner's own mailbox only.
 */
public enum RevisionKind {
  RECALLED,
  EDITED,
  DELETED;

  /** The number of this kind in the protobuf enum. */
  public int wireValue() {
    return ordinal() + 1;
  }

  /** The kind of a protobuf enum number; empty (null) for 0 or an unknown number. */
  public static RevisionKind fromWireValue(int value) {
    RevisionKind[] all = values();
    return value >= 1 && value <= all.length ? all[value - 1] : null;
  }
}
