package dev.parley.server.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.hooks.OfflinePush;
import java.time.Instant;

/**
 * The JSON body of one webhook push (field names as here, camelCase; times ISO-8601 UTC):
 * {@code type} always {@code "offline_push"}; {@code deliveryId} unique per push, the same on every
 * retry (deduplicate on it); {@code createdAt} when the webhook took the push; {@code userId} the
 * user to notify; {@code conversation} {@code "direct"} or {@code "group"}; {@code peerId} the other
 * user of a direct conversation (0 for a group); {@code groupId} and {@code groupName} for a group
 * (0 and empty otherwise); {@code senderId}; {@code senderName}, {@code groupName} and {@code
 * preview} as the deployment's preview mode allows (empty when hidden); {@code messageId} and {@code sentAt} of the message; {@code unreadCount} the user's
 * total unread count after it (1:1 and groups, at most 1000). Immutable.
 */
record WebhookPayload(String type, String deliveryId, String createdAt, long userId, String conversation,
    long peerId, long groupId, String groupName, long senderId, String senderName, long messageId, String sentAt,
    String preview, int unreadCount) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static WebhookPayload of(OfflinePush p, String deliveryId, Instant createdAt) {
    return new WebhookPayload("offline_push", deliveryId, createdAt.toString(), p.userId(),
        p.groupId() == 0 ? "direct" : "group", p.peerId(), p.groupId(), p.groupName(), p.senderId(), p.senderName(),
        p.messageId(), p.sentAt().toString(), p.preview(), p.unreadCount());
  }

  byte[] toJson() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a webhook payload", e);
    }
  }
}
