package dev.parley.core.model;

/**
 * The outcome of an ack: the mailbox's acknowledged (read) position before it and after it. Both
 * are 0 for a mailbox that does not exist yet; {@code ackedSeq >= previousSeq} always, as the
 * position never moves backwards. Immutable.
 */
public record AckResult(long previousSeq, long ackedSeq) {
  /** An ack that moved nothing from position {@code seq}. */
  public static AckResult unchanged(long seq) {
    return new AckResult(seq, seq);
  }

  public AckResult {
    if (previousSeq < 0 || ackedSeq < previousSeq) {
      throw new IllegalArgumentException("acked seq " + previousSeq + " -> " + ackedSeq + " moves backwards or is negative");
    }
  }

  /** True when this ack raised the position (from {@link #previousSeq} to {@link #ackedSeq}). */
  public boolean raised() {
    return ackedSeq > previousSeq;
  }
}
