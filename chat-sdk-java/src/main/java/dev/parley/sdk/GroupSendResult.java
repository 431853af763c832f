package dev.parley.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * The server's acknowledgement of a group message: once it exists, the message is in the group's
 * log. Immutable.
 *
 * @param groupId the group
 * @param messageId the server's global id of the message
 * @param clientMsgId the idempotency key the SDK (or the caller) chose for the message
 * @param seq the message's seq in the group's log
 * @param sentAt when the server stored it
 * @param duplicate true when the server had already stored this {@code clientMsgId} (a re-send after
 *     a lost acknowledgement); nothing new was stored and the values are the original ones
 */
public record GroupSendResult(long groupId, long messageId, String clientMsgId, long seq, Instant sentAt,
    boolean duplicate) {
  public GroupSendResult {
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(sentAt, "sentAt");
  }
}
