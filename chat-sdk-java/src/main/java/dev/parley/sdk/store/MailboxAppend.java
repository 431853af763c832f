package dev.parley.sdk.store;

import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
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

  /** Whether {@code notice} continues the mailbox after {@code highest}: false when held already; throws for a gap. */
  static boolean isFresh(long highest, GroupNotice notice) {
    if (notice.mailboxSeq() <= highest) {
      return false;
    }
    if (notice.mailboxSeq() != highest + 1) {
      throw new IllegalArgumentException(
          "notice seq " + notice.mailboxSeq() + " does not continue the mailbox at seq " + highest);
    }
    return true;
  }

  /** Whether revision entry {@code seq} continues the mailbox after {@code highest}: false when held; throws for a gap. */
  static boolean isFreshRevision(long highest, long seq) {
    if (seq <= highest) {
      return false;
    }
    if (seq != highest + 1) {
      throw new IllegalArgumentException("revision seq " + seq + " does not continue the mailbox at seq " + highest);
    }
    return true;
  }

  /**
   * The {@link LocalStore#appendGroupMessages} rule: returns the entries that continue group
   * {@code groupId}'s log after {@code highest} (or after {@code afterSeq}, when that is higher),
   * dropping those already held, or throws {@link IllegalArgumentException}.
   */
  static List<GroupMessage> freshGroupMessages(long groupId, long highest, long afterSeq, List<GroupMessage> messages) {
    long expected = Math.max(highest, afterSeq) + 1;
    List<GroupMessage> fresh = new ArrayList<>(messages.size());
    for (GroupMessage m : messages) {
      if (m.groupId() != groupId) {
        throw new IllegalArgumentException("message of group " + m.groupId() + " appended to group " + groupId);
      }
      if (m.seq() < expected && fresh.isEmpty()) {
        continue;
      }
      if (m.seq() != expected) {
        throw new IllegalArgumentException("message seq " + m.seq() + " does not continue group " + groupId
            + " at seq " + (expected - 1));
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
