package dev.parley.core.model;

import dev.parley.core.protocol.ProtocolLimits;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored one-to-one text message. {@code id} is global and increases with time. Immutable.
 *
 * <p>It is read in its final state: {@code recalled} (by its sender: {@code text} is empty),
 * {@code editedAt} (when the sender last replaced {@code text}; null: never) and {@code deleted}
 * (hidden by the owner of the mailbox it was read from, "delete for me": {@code text} is empty).
 */
public record Message(long id, long senderId, long recipientId, String clientMsgId, String text, Instant sentAt,
    boolean recalled, Instant editedAt, boolean deleted) {
  /** Longest client message id accepted; the protocol's limit ({@link ProtocolLimits#MAX_CLIENT_MSG_ID}). */
  public static final int MAX_CLIENT_MSG_ID = ProtocolLimits.MAX_CLIENT_MSG_ID;

  public Message {
    Validation.id("id", id);
    Validation.id("senderId", senderId);
    Validation.id("recipientId", recipientId);
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /** A message as sent: neither recalled, edited nor deleted. */
  public Message(long id, long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
    this(id, senderId, recipientId, clientMsgId, text, sentAt, false, null, false);
  }

  /** The other participant, seen from {@code userId}. */
  public long peerOf(long userId) {
    return userId == senderId ? recipientId : senderId;
  }

  /** This message recalled by its sender: the text dropped. */
  public Message asRecalled() {
    return new Message(id, senderId, recipientId, clientMsgId, "", sentAt, true, editedAt, deleted);
  }

  /** This message with its text replaced at {@code at}. */
  public Message asEdited(String newText, Instant at) {
    return new Message(id, senderId, recipientId, clientMsgId, newText, sentAt, recalled, at, deleted);
  }

  /** This message as a mailbox owner who deleted it for themselves sees it: the text dropped. */
  public Message asDeleted() {
    return new Message(id, senderId, recipientId, clientMsgId, "", sentAt, recalled, editedAt, true);
  }
}
