package dev.parley.core.model;

import dev.parley.core.protocol.ProtocolLimits;
import java.time.Instant;
import java.util.Objects;

/** A stored one-to-one text message. {@code id} is global and increases with time. Immutable. */
public record Message(long id, long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
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

  /** The other participant, seen from {@code userId}. */
  public long peerOf(long userId) {
    return userId == senderId ? recipientId : senderId;
  }
}
