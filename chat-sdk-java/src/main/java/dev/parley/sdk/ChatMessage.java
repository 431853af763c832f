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
 * @param text the text (the edited one when {@code editedAt} is set; empty when recalled or deleted)
 * @param sentAt when the server stored it
 * @param outgoing true when this session's user is the sender
 * @param recalled the sender recalled it (show "message recalled")
 * @param editedAt when the sender last edited it; null when never
 * @param deleted this user deleted it for themselves (hide it)
 */
public record ChatMessage(long seq, long messageId, long senderId, long recipientId, String clientMsgId,
    String text, Instant sentAt, boolean outgoing, boolean recalled, Instant editedAt, boolean deleted) {
  public ChatMessage {
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /** A message as sent: neither recalled, edited nor deleted. */
  public ChatMessage(long seq, long messageId, long senderId, long recipientId, String clientMsgId, String text,
      Instant sentAt, boolean outgoing) {
    this(seq, messageId, senderId, recipientId, clientMsgId, text, sentAt, outgoing, false, null, false);
  }

  /** The other participant: the recipient of an outgoing message, the sender of an incoming one. */
  public long peerId() {
    return outgoing ? recipientId : senderId;
  }

  /** This message with {@code revision} applied (its final state after it). */
  public ChatMessage revised(MessageRevision revision) {
    return switch (revision.kind()) {
      case RECALLED -> new ChatMessage(seq, messageId, senderId, recipientId, clientMsgId, "", sentAt, outgoing, true,
          editedAt, deleted);
      case EDITED -> new ChatMessage(seq, messageId, senderId, recipientId, clientMsgId, revision.text(), sentAt,
          outgoing, recalled, revision.at(), deleted);
      case DELETED -> new ChatMessage(seq, messageId, senderId, recipientId, clientMsgId, "", sentAt, outgoing,
          recalled, editedAt, true);
    };
  }
}
