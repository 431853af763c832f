package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.Conversation;
import dev.parley.sdk.Device;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.HistoryPage;
import dev.parley.sdk.Profile;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.Settings;
import java.time.Duration;
import java.time.Instant;

/** Converts wire messages to the SDK's records, so no protobuf type reaches the API. Stateless. */
final class ProtoMapping {
  private ProtoMapping() {}

  static Profile profile(ChatProtocol.Profile p) {
    return new Profile(p.getUserId(), p.getName(), p.getNickname(), p.getAvatarUrl(), p.getBio());
  }

  static Friend friend(ChatProtocol.Friend f) {
    return new Friend(profile(f.getProfile()), f.getRemark(), Instant.ofEpochMilli(f.getSinceMs()), f.getOnline());
  }

  static FriendRequest friendRequest(ChatProtocol.FriendRequest r) {
    return new FriendRequest(r.getRequestId(), profile(r.getFrom()), r.getToUserId(), r.getGreeting(),
        Instant.ofEpochMilli(r.getCreatedAtMs()));
  }

  /** A message as seen by {@code selfId}; {@code seq} 0 when it is not a mailbox entry. */
  static ChatMessage message(long seq, ChatProtocol.ChatMessage m, long selfId) {
    return new ChatMessage(seq, m.getMessageId(), m.getSenderId(), m.getRecipientId(), m.getClientMsgId(),
        m.getText(), Instant.ofEpochMilli(m.getSentAtMs()), m.getSenderId() == selfId, m.getRecalled(),
        m.getEditedAtMs() == 0 ? null : Instant.ofEpochMilli(m.getEditedAtMs()), m.getDeleted());
  }

  /** A revision entry at {@code seq}; null for an unknown kind (a newer server's). */
  static dev.parley.sdk.MessageRevision revision(long seq, ChatProtocol.MessageRevision r) {
    dev.parley.core.model.RevisionKind kind = dev.parley.core.model.RevisionKind.fromWireValue(r.getKindValue());
    return kind == null ? null : new dev.parley.sdk.MessageRevision(seq, r.getMessageId(), kind, r.getText(),
        r.getByUserId(), Instant.ofEpochMilli(r.getAtMs()), r.getPeerId());
  }

  static ChatMessage entry(ChatProtocol.MailboxEntry e, long selfId) {
    return message(e.getSeq(), e.getMessage(), selfId);
  }

  static Conversation conversation(ChatProtocol.Conversation c, long selfId) {
    return new Conversation(c.getPeerId(), message(0, c.getLastMessage(), selfId), c.getUnreadCount(), c.getGroupId(),
        c.getGroupName(), c.hasLastGroupMessage() ? GroupMapping.message(c.getLastGroupMessage(), selfId) : null);
  }

  static HistoryPage history(ChatProtocol.HistoryResponse h, long selfId) {
    return new HistoryPage(h.getMessagesList().stream().map(m -> message(0, m, selfId)).toList(), h.getHasMore());
  }

  static SendResult sendResult(ChatProtocol.SendAck a) {
    return new SendResult(a.getMessageId(), a.getClientMsgId(), a.getSeq(), Instant.ofEpochMilli(a.getSentAtMs()),
        a.getDuplicate());
  }

  /** The mailbox entry a send produced in the sender's own mailbox, rebuilt from its ack. */
  static ChatMessage ownEntry(ChatProtocol.SendAck a, long selfId, long peerId, String text) {
    return new ChatMessage(a.getSeq(), a.getMessageId(), selfId, peerId, a.getClientMsgId(), text,
        Instant.ofEpochMilli(a.getSentAtMs()), true);
  }

  static Device device(ChatProtocol.Device d) {
    return new Device(d.getDeviceId(), platform(d.getPlatform()), d.getName(), Instant.ofEpochMilli(d.getLastSeenMs()),
        d.getOnline(), d.getCurrent());
  }

  static Settings settings(ChatProtocol.Settings s) {
    return new Settings(s.getSendReadReceipts());
  }

  /** The platform named name for name; OTHER for unspecified or one this SDK does not know. */
  static Platform platform(ChatProtocol.Platform p) {
    try {
      return p == ChatProtocol.Platform.PLATFORM_UNSPECIFIED ? Platform.OTHER : Platform.valueOf(p.name());
    } catch (IllegalArgumentException e) {
      return Platform.OTHER;
    }
  }

  /** The kick reason named name for name; null for unspecified (an older node) or unknown. */
  static KickReason kickReason(ChatProtocol.KickReason r) {
    try {
      return r == ChatProtocol.KickReason.KICK_REASON_UNSPECIFIED ? null : KickReason.valueOf(r.name());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The exception an Error frame stands for. */
  static ChatException error(ChatProtocol.Error e) {
    ErrorCode code = errorCode(e.getCode().name());
    String message = e.getMessage().isEmpty() ? "the chat node refused the request" : e.getMessage();
    if (code == ErrorCode.RATE_LIMITED) {
      return ChatException.rateLimited(message, Duration.ofMillis(e.getRetryAfterMs()));
    }
    return new ChatException(code, message);
  }

  /** The code called {@code name}, or INTERNAL for a name this SDK does not know. */
  static ErrorCode errorCode(String name) {
    try {
      return ErrorCode.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return ErrorCode.INTERNAL;
    }
  }
}
