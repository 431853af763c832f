package dev.parley.sdk.store;

import dev.parley.sdk.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/** The {@link LocalStore#appendMessages} rule, shared by the implementations. Stateless. */
final class MailboxAppend {
  private MailboxAppend() {}

  /**
   * Returns the messages that continue the mailbox after {@code highest}, dropping those already
   * held, or throws {@link IllegalArgumentException} for a gap or a step backwards.
   */
  static List<ChatMessage> freshMessages(long highest, List<ChatMessage> messages) {
    long expected = highest + 1;
    List<ChatMessage> fresh = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      if (m.seq() < expected && fresh.isEmpty()) {
        continue;
      }
      if (m.seq() != expected) {
        throw new IllegalArgumentException(
            "message seq " + m.seq() + " does not continue the mailbox at seq " + (expected - 1));
      }
      fresh.add(m);
      expected++;
    }
    return fresh;
  }

  static void checkLimit(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }
}
