package dev.parley.server.internal.node;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.GroupView;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.BlockedUser;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageRevision;
import dev.parley.core.model.Profile;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.time.Instant;

/** Turns domain records into their wire messages. Stateless. */
final class ProtoMapper {
  private ProtoMapper() {}

  static ChatProtocol.Profile profile(Profile p) {
    return ChatProtocol.Profile.newBuilder().setUserId(p.userId()).setName(p.name())
        .setNickname(p.nickname()).setAvatarUrl(p.avatarUrl()).setBio(p.bio()).build();
  }

  static ChatProtocol.BlockedUser blockedUser(BlockedUser b) {
    return ChatProtocol.BlockedUser.newBuilder().setProfile(profile(b.profile()))
        .setBlockedAtMs(b.blockedAt().toEpochMilli()).build();
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
        .setSentAtMs(m.sentAt().toEpochMilli()).setRecalled(m.recalled()).setEditedAtMs(millis(m.editedAt()))
        .setDeleted(m.deleted()).build();
  }

  /** A mailbox entry: its message, or (a group notice) its notice, or (a revision) its revision. */
  static ChatProtocol.MailboxEntry entry(MailboxEntry e) {
    ChatProtocol.MailboxEntry.Builder out = ChatProtocol.MailboxEntry.newBuilder().setSeq(e.seq());
    if (e.isRevision()) {
      return out.setRevision(revision(e.revision())).build();
    }
    return (e.isNotice() ? out.setNotice(notice(e.notice())) : out.setMessage(message(e.message()))).build();
  }

  static ChatProtocol.MessageRevision revision(MessageRevision r) {
    return ChatProtocol.MessageRevision.newBuilder().setMessageId(r.messageId()).setKindValue(r.kind().wireValue())
        .setText(r.text()).setByUserId(r.byUserId()).setAtMs(r.at().toEpochMilli()).setPeerId(r.peerId()).build();
  }

  /**
   * The {@code MessageEvent} push of {@code e}, built with this thread's {@link ReusedBuilders}
   * (a notice entry, rare, with fresh builders: it has no message to reuse one for).
   */
  static ChatProtocol.Frame messageEvent(MailboxEntry e) {
    if (e.isNotice() || e.isRevision()) {
      return ChatProtocol.Frame.newBuilder().setMessageEvent(ChatProtocol.MessageEvent.newBuilder().setEntry(entry(e)))
          .build();
    }
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

  /** A group as a conversation: its id, name, newest visible entry (absent when none) and unread count. */
  static ChatProtocol.Conversation conversation(GroupSummary g) {
    ChatProtocol.Conversation.Builder out = ChatProtocol.Conversation.newBuilder().setGroupId(g.group().id())
        .setGroupName(g.group().name()).setUnreadCount(g.unreadCount());
    if (g.lastMessage() != null) {
      out.setLastGroupMessage(groupMessage(g.lastMessage()));
    }
    return out.build();
  }

  // ---- groups ----

  static ChatProtocol.Group group(Group g) {
    return ChatProtocol.Group.newBuilder().setGroupId(g.id()).setName(g.name()).setAvatarUrl(g.avatarUrl())
        .setNotice(g.notice()).setOwnerId(g.ownerId()).setJoinPolicyValue(g.joinPolicy().wireValue())
        .setMembersCanInvite(g.membersCanInvite()).setMuteAll(g.muteAll()).setMemberCount(g.memberCount())
        .setMaxMembers(g.maxMembers()).setLastSeq(g.lastSeq()).setCreatedAtMs(g.createdAt().toEpochMilli())
        .setDissolved(g.dissolved()).build();
  }

  static ChatProtocol.GroupMember member(GroupMember m) {
    return ChatProtocol.GroupMember.newBuilder().setUserId(m.userId()).setRoleValue(m.role().wireValue())
        .setJoinedSeq(m.joinedSeq()).setReadSeq(m.readSeq()).setMutedUntilMs(millis(m.mutedUntil()))
        .setNickname(m.nickname()).setJoinedAtMs(m.joinedAt().toEpochMilli()).build();
  }

  static ChatProtocol.GroupMessage groupMessage(GroupMessage m) {
    ChatProtocol.GroupMessage.Builder out = ChatProtocol.GroupMessage.newBuilder().setGroupId(m.groupId())
        .setSeq(m.seq()).setMessageId(m.id()).setSenderId(m.senderId()).setClientMsgId(m.clientMsgId())
        .setText(m.text()).setSentAtMs(m.sentAt().toEpochMilli()).setKindValue(m.kind().wireValue())
        .setMutedUntilMs(millis(m.mutedUntil())).setTargetSeq(m.targetSeq()).setRecalled(m.recalled())
        .setEditedAtMs(millis(m.editedAt()));
    if (!m.targetIds().isEmpty()) {
      out.addAllTargetIds(m.targetIds());
    }
    if (m.role() != null) {
      out.setRoleValue(m.role().wireValue());
    }
    return out.build();
  }

  static ChatProtocol.GroupNotice notice(GroupNotice n) {
    ChatProtocol.GroupNotice.Builder out = ChatProtocol.GroupNotice.newBuilder().setGroupId(n.groupId())
        .setKindValue(n.kind().wireValue()).setActorId(n.actorId()).setGroupSeq(n.groupSeq())
        .setMutedUntilMs(millis(n.mutedUntil())).setGroupName(n.groupName()).setAtMs(n.at().toEpochMilli());
    if (n.role() != null) {
      out.setRoleValue(n.role().wireValue());
    }
    return out.build();
  }

  static ChatProtocol.GroupSummary summary(GroupSummary s) {
    ChatProtocol.GroupSummary.Builder out = ChatProtocol.GroupSummary.newBuilder().setGroup(group(s.group()))
        .setSelf(member(s.self())).setUnreadCount(s.unreadCount()).setRemark(s.self().remark());
    if (s.lastMessage() != null) {
      out.setLastMessage(groupMessage(s.lastMessage()));
    }
    return out.build();
  }

  /** The GroupResponse of {@code v}; no {@code self} for a user who is not a member. */
  static ChatProtocol.GroupResponse groupResponse(GroupView v) {
    ChatProtocol.GroupResponse.Builder out = ChatProtocol.GroupResponse.newBuilder().setGroup(group(v.group()));
    if (v.self() != null) {
      out.setSelf(member(v.self()));
    }
    return out.build();
  }

  static ChatProtocol.JoinRequest joinRequest(JoinRequest r, Profile requester) {
    return ChatProtocol.JoinRequest.newBuilder().setGroupId(r.groupId()).setRequester(profile(requester))
        .setGreeting(r.greeting()).setCreatedAtMs(r.createdAt().toEpochMilli()).build();
  }

  static Frame groupMessageEvent(GroupMessage m) {
    return Frame.newBuilder().setGroupMessageEvent(ChatProtocol.GroupMessageEvent.newBuilder()
        .setMessage(groupMessage(m))).build();
  }

  static Frame groupUpdatedEvent(Group g, GroupMessage m) {
    return Frame.newBuilder().setGroupUpdatedEvent(ChatProtocol.GroupUpdatedEvent.newBuilder().setGroup(group(g))
        .setMessage(groupMessage(m))).build();
  }

  static Frame joinRequestEvent(JoinRequest r, Profile requester) {
    return Frame.newBuilder().setJoinRequestEvent(ChatProtocol.JoinRequestEvent.newBuilder()
        .setRequest(joinRequest(r, requester))).build();
  }

  /** The model role of a wire role; UNSPECIFIED (0) or unknown is BAD_REQUEST, not a silent MEMBER. */
  static GroupRole role(ChatProtocol.GroupRole wire) {
    int v = wire.getNumber();
    if (v < 1 || v > GroupRole.values().length) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "role must be ADMIN or MEMBER, was " + wire);
    }
    return GroupRole.fromWireValue(v);
  }

  /** Epoch millis, 0 for none. */
  private static long millis(Instant t) {
    return t == null ? 0 : t.toEpochMilli();
  }
}
