package dev.parley.core.model;

/** Whether a user is typing to a peer or in a group. Mirrors {@code parley.v1.TypingState} name for name. */
public enum TypingState {
  TYPING,
  /** Stopped typing: sent, cleared the draft, or left. */
  STOPPED;

  /** The number of this state in the protobuf enum. */
  public int wireValue() {
    return ordinal() + 1;
  }

  /** The state of a protobuf enum number; 0 or an unknown number counts as {@link #STOPPED}. */
  public static TypingState fromWireValue(int value) {
    return value == 1 ? TYPING : STOPPED;
  }
}
