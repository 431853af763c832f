package dev.parley.core.hooks;

import java.time.Instant;
import java.util.Objects;

/**
 * One push to a user who had no live unmuted session when a message for them was stored.
 * {@code peerId} for a 1:1 message (the sender), {@code groupId} and {@code groupName} for a group
 * message (0 and empty otherwise). {@code senderName}, {@code groupName} and {@code preview} follow
 * the deployment's {@link PreviewMode}: empty when it hides them (ids are always given, so the host
 * can open the right conversation). {@code unreadCount} is the user's total unread
 * count (1:1 and groups, capped like the SDK's badges) when the push is dispatched: this message and any
 * stored since. Immutable.
 */
public record OfflinePush(long userId, long senderId, String senderName, long peerId, long groupId,
    String groupName, long messageId, String preview, int unreadCount, Instant sentAt) {
  public OfflinePush {
    senderName = Objects.requireNonNullElse(senderName, "");
    groupName = Objects.requireNonNullElse(groupName, "");
    preview = Objects.requireNonNullElse(preview, "");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /** How much of a message an offline push may show (a lock screen is not private). */
  public enum PreviewMode {
    /** No names and no text, ids only: "You have a new message". */
    NONE,
    /** The sender's name (and the group's), no text. */
    SENDER,
    /** The sender's name and the text (cut to a preview length). */
    TEXT
  }
}
