package dev.parley.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * One text message between two users, as the SDK hands it to the application. Immutable.
 *
 * @param seq the message's position in this user's mailbox (1, 2, 3, ... with no gaps); 0 for a
 *     message that did not come from the mailbox (history pages, conversation summaries)
 * @param messageId the server's global id of the message (increases with time)
 * @param senderId who sent it
 * @param recipientId who it was sent to
 * @param clientMsgId the sender's idempotency key for it
 * @param text the text
 * @param sentAt when the server stored it
 * @param outgoing true when this session's user is the sender
 */
public record ChatMessage(long seq, long messageId, long senderId, long recipientId, String clientMsgId,
    String text, Instant sentAt, boolean outgoing) {
  public ChatMessage {
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /** The other participant: the recipient of an outgoing message, the sender of an incoming one. */
  public long peerId() {
    return outgoing ? recipientId : senderId;
  }
}
