package dev.parley.sdk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Turns log entries (of the user's mailbox, or of one group's log) arriving in any order and any
 * number of times into one gap-free run in
 * seq order. An entry at or below the position was handed on already and is dropped; one right
 * after it is handed on together with any buffered entries it connects; one further ahead waits
 * in a bounded buffer until the gap before it is filled (by a sync). When the buffer is full the
 * highest entries are dropped: the sync that fills the gap fetches them again.
 *
 * @param <T> the entry type; its seq is read with the function given at construction
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class MailboxSequencer<T> {
  private final NavigableMap<Long, T> ahead = new TreeMap<>();
  private final int maxAhead;
  private final ToLongFunction<T> seqOf;
  private long position;

  /** Starts after {@code position}, the highest seq already handed on (0 for none). */
  MailboxSequencer(long position, int maxAhead, ToLongFunction<T> seqOf) {
    if (maxAhead <= 0) {
      throw new IllegalArgumentException("maxAhead must be positive, was " + maxAhead);
    }
    this.position = position;
    this.maxAhead = maxAhead;
    this.seqOf = seqOf;
  }

  /** Starts again after 0, dropping the waiting entries (the mailbox they belong to was reset). */
  void reset() {
    ahead.clear();
    position = 0;
  }

  /** The highest seq handed on: every entry up to it has been returned by {@link #offer}. */
  long position() {
    return position;
  }

  /** Whether entries wait beyond a gap. */
  boolean hasGap() {
    return !ahead.isEmpty();
  }

  /** The lowest seq waiting beyond the gap, or 0. */
  long firstWaiting() {
    return ahead.isEmpty() ? 0 : ahead.firstKey();
  }

  /** Accepts one entry; returns the entries now ready, in seq order (often empty). */
  List<T> offer(T entry) {
    long seq = seqOf.applyAsLong(entry);
    if (seq <= position) {
      return List.of();
    }
    if (seq > position + 1) {
      buffer(entry);
      return List.of();
    }
    List<T> ready = new ArrayList<>();
    ready.add(entry);
    position = seq;
    drainInto(ready);
    return ready;
  }

  /**
   * Moves the position up to {@code seq} without entries for the seqs skipped (the server says they
   * are not visible, being from before the user joined a group); returns the buffered entries that
   * now follow on, in order. Does nothing at or below the position.
   */
  List<T> skipTo(long seq) {
    if (seq <= position) {
      return List.of();
    }
    position = seq;
    ahead.headMap(seq, true).clear();
    List<T> ready = new ArrayList<>();
    drainInto(ready);
    return ready;
  }

  private void drainInto(List<T> ready) {
    T next;
    while ((next = ahead.remove(position + 1)) != null) {
      ready.add(next);
      position++;
    }
  }

  private void buffer(T entry) {
    ahead.put(seqOf.applyAsLong(entry), entry);
    if (ahead.size() > maxAhead) {
      ahead.pollLastEntry();
    }
  }
}
