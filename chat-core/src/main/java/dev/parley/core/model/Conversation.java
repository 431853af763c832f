package dev.parley.core.model;

import java.util.Objects;

/**
 * A user's conversation with {@code peerId}: the newest message either way and how many of the
 * peer's messages lie after the user's acknowledged mailbox position. Immutable.
 */
public record Conversation(long peerId, Message lastMessage, int unreadCount) {
  public Conversation {
    Validation.id("peerId", peerId);
    Objects.requireNonNull(lastMessage, "lastMessage");
    if (unreadCount < 0) {
      throw new IllegalArgumentException("unreadCount < 0: " + unreadCount);
    }
  }
}
