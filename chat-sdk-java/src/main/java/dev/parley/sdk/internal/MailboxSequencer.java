package dev.parley.sdk.internal;

import dev.parley.sdk.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Turns mailbox entries arriving in any order and any number of times into one gap-free run in
 * seq order. An entry at or below the position was handed on already and is dropped; one right
 * after it is handed on together with any buffered entries it connects; one further ahead waits
 * in a bounded buffer until the gap before it is filled (by a sync). When the buffer is full the
 * highest entries are dropped: the sync that fills the gap fetches them again.
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class MailboxSequencer {
  private final NavigableMap<Long, ChatMessage> ahead = new TreeMap<>();
  private final int maxAhead;
  private long position;

  /** Starts after {@code position}, the highest seq already handed on (0 for none). */
  MailboxSequencer(long position, int maxAhead) {
    if (maxAhead <= 0) {
      throw new IllegalArgumentException("maxAhead must be positive, was " + maxAhead);
    }
    this.position = position;
    this.maxAhead = maxAhead;
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
  List<ChatMessage> offer(ChatMessage entry) {
    long seq = entry.seq();
    if (seq <= position) {
      return List.of();
    }
    if (seq > position + 1) {
      buffer(entry);
      return List.of();
    }
    List<ChatMessage> ready = new ArrayList<>();
    ready.add(entry);
    position = seq;
    ChatMessage next;
    while ((next = ahead.remove(position + 1)) != null) {
      ready.add(next);
      position = next.seq();
    }
    return ready;
  }

  private void buffer(ChatMessage entry) {
    ahead.put(entry.seq(), entry);
    if (ahead.size() > maxAhead) {
      ahead.pollLastEntry();
    }
  }
}
