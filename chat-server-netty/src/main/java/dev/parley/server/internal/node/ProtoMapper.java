package dev.parley.server.internal.node;

import dev.parley.core.model.Conversation;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.Profile;
import dev.parley.core.protocol.ChatProtocol;

/** Turns domain records into their wire messages. Stateless. */
final class ProtoMapper {
  private ProtoMapper() {}

  static ChatProtocol.Profile profile(Profile p) {
    return ChatProtocol.Profile.newBuilder().setUserId(p.userId()).setName(p.name())
        .setNickname(p.nickname()).setAvatarUrl(p.avatarUrl()).setBio(p.bio()).build();
  }

  static ChatProtocol.Friend friend(FriendView f, boolean online) {
    return ChatProtocol.Friend.newBuilder().setProfile(profile(f.profile()))
        .setRemark(f.friendship().remark()).setSinceMs(f.friendship().since().toEpochMilli())
        .setOnline(online).build();
  }

  static ChatProtocol.FriendRequest friendRequest(FriendRequest r, Profile from) {
    return ChatProtocol.FriendRequest.newBuilder().setRequestId(r.id()).setFrom(profile(from))
        .setToUserId(r.toUserId()).setGreeting(r.greeting()).setCreatedAtMs(r.createdAt().toEpochMilli()).build();
  }

  static ChatProtocol.ChatMessage message(Message m) {
    return ChatProtocol.ChatMessage.newBuilder().setMessageId(m.id()).setSenderId(m.senderId())
        .setRecipientId(m.recipientId()).setClientMsgId(m.clientMsgId()).setText(m.text())
        .setSentAtMs(m.sentAt().toEpochMilli()).build();
  }

  static ChatProtocol.MailboxEntry entry(MailboxEntry e) {
    return ChatProtocol.MailboxEntry.newBuilder().setSeq(e.seq()).setMessage(message(e.message())).build();
  }

  /** The {@code MessageEvent} push of {@code e}, built with this thread's {@link ReusedBuilders}. */
  static ChatProtocol.Frame messageEvent(MailboxEntry e) {
    ReusedBuilders b = ReusedBuilders.get();
    Message m = e.message();
    ChatProtocol.ChatMessage message = b.message().setMessageId(m.id()).setSenderId(m.senderId())
        .setRecipientId(m.recipientId()).setClientMsgId(m.clientMsgId()).setText(m.text())
        .setSentAtMs(m.sentAt().toEpochMilli()).build();
    ChatProtocol.MailboxEntry entry = b.entry().setSeq(e.seq()).setMessage(message).build();
    return b.push().setMessageEvent(b.event().setEntry(entry).build()).build();
  }

  static ChatProtocol.Conversation conversation(Conversation c) {
    return ChatProtocol.Conversation.newBuilder().setPeerId(c.peerId())
        .setLastMessage(message(c.lastMessage())).setUnreadCount(c.unreadCount()).build();
  }
}
