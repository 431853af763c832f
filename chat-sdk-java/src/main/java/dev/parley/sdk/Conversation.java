package dev.parley.sdk;

import java.util.Objects;

/**
 * A summary of the conversation with one peer. Immutable.
 *
 * @param peerId the other participant
 * @param lastMessage the newest message exchanged (its {@code seq} is 0)
 * @param unreadCount messages from the peer after this user's acknowledged mailbox position
 */
public record Conversation(long peerId, ChatMessage lastMessage, int unreadCount) {
  public Conversation {
    Objects.requireNonNull(lastMessage, "lastMessage");
  }
}
