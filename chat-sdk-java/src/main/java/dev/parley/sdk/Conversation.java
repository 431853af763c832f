package dev.parley.sdk;

import java.util.Objects;

/**
 * A summary of one conversation: with a peer, or in a group ({@link #isGroup()}). Immutable.
 *
 * @param peerId the other participant; 0 for a group
 * @param lastMessage the newest message exchanged with the peer (its {@code seq} is 0); an empty
 *     message for a group
 * @param unreadCount for a peer, messages from the peer after this user's acknowledged mailbox
 *     position; for a group, entries from others after the user's read position in the group
 * @param groupId the group; 0 for a 1:1 conversation
 * @param groupName the group's name; empty for a 1:1 conversation
 * @param lastGroupMessage the group's newest entry visible to the user; null for a 1:1 conversation or none
 */
public record Conversation(long peerId, ChatMessage lastMessage, int unreadCount, long groupId, String groupName,
    GroupMessage lastGroupMessage) {
  public Conversation {
    Objects.requireNonNull(lastMessage, "lastMessage");
    Objects.requireNonNull(groupName, "groupName");
  }

  /** A 1:1 conversation with {@code peerId}. */
  public Conversation(long peerId, ChatMessage lastMessage, int unreadCount) {
    this(peerId, lastMessage, unreadCount, 0, "", null);
  }

  /** Whether this is a group's conversation. */
  public boolean isGroup() {
    return groupId != 0;
  }
}
