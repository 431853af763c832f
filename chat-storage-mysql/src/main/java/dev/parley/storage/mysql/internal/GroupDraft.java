package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Message;
import dev.parley.core.model.Validation;
import java.time.Instant;
import java.util.Objects;

/** A validated group text append waiting to be written: what {@link GroupAppendQueue} carries. Immutable. */
record GroupDraft(long groupId, long senderId, String clientMsgId, String text, Instant sentAt) {
  GroupDraft {
    Validation.id("groupId", groupId);
    Validation.id("senderId", senderId);
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
    if (clientMsgId.length() > Message.MAX_CLIENT_MSG_ID) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "clientMsgId is " + clientMsgId.length()
          + " characters, the limit is " + Message.MAX_CLIENT_MSG_ID);
    }
    if (!SqlTime.storable(sentAt)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "sentAt " + sentAt + " is outside " + SqlTime.MIN + ".." + SqlTime.MAX);
    }
  }

  static GroupDraft of(long groupId, long senderId, String clientMsgId, String text, Instant sentAt) {
    return new GroupDraft(groupId, senderId, clientMsgId, text, sentAt);
  }

  /** The idempotency key, the columns of {@code uk_group_messages_sender_client}. */
  Key key() {
    return new Key(groupId, senderId, clientMsgId);
  }

  /**
   * {@code (group_id, sender_id, client_msg_id)}, compared with Java string equality (the column is
   * utf8mb4_bin; ids equal only up to trailing spaces are told apart here, and the unique key then
   * fails the batch, which is written again one append at a time). Immutable.
   */
  record Key(long groupId, long senderId, String clientMsgId) {}
}
