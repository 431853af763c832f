package dev.parley.sdk.internal;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.sdk.Group;
import dev.parley.sdk.GroupDetails;
import dev.parley.sdk.GroupMember;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSendResult;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.JoinRequest;
import java.time.Instant;
import java.util.List;

/** Converts the group messages of the wire protocol to the SDK's records (see {@link ProtoMapping}). Stateless. */
final class GroupMapping {
  private GroupMapping() {}

  static Group group(ChatProtocol.Group g) {
    return new Group(g.getGroupId(), g.getName(), g.getAvatarUrl(), g.getNotice(), g.getOwnerId(),
        JoinPolicy.fromWireValue(g.getJoinPolicyValue()), g.getMembersCanInvite(), g.getMuteAll(), g.getMemberCount(),
        g.getMaxMembers(), g.getLastSeq(), Instant.ofEpochMilli(g.getCreatedAtMs()), g.getDissolved());
  }

  static GroupMember member(ChatProtocol.GroupMember m) {
    return new GroupMember(m.getUserId(), GroupRole.fromWireValue(m.getRoleValue()), m.getJoinedSeq(), m.getReadSeq(),
        instantOrNull(m.getMutedUntilMs()), m.getNickname(), Instant.ofEpochMilli(m.getJoinedAtMs()));
  }

  static GroupMessage message(ChatProtocol.GroupMessage m, long selfId) {
    GroupMessageKind kind = GroupMessageKind.fromWireValue(m.getKindValue());
    return new GroupMessage(m.getGroupId(), m.getSeq(), m.getMessageId(), m.getSenderId(), m.getClientMsgId(),
        m.getText(), Instant.ofEpochMilli(m.getSentAtMs()), kind, List.copyOf(m.getTargetIdsList()),
        m.getRoleValue() == 0 ? null : GroupRole.fromWireValue(m.getRoleValue()), instantOrNull(m.getMutedUntilMs()),
        m.getSenderId() == selfId && kind == GroupMessageKind.TEXT, m.getTargetSeq(), m.getRecalled(),
        instantOrNull(m.getEditedAtMs()));
  }

  static GroupSummary summary(ChatProtocol.GroupSummary s, long selfId) {
    return new GroupSummary(group(s.getGroup()), member(s.getSelf()), s.getUnreadCount(),
        s.hasLastMessage() ? message(s.getLastMessage(), selfId) : null, s.getRemark());
  }

  static GroupDetails details(ChatProtocol.GroupResponse r) {
    return new GroupDetails(group(r.getGroup()), member(r.getSelf()));
  }

  static GroupNotice notice(long mailboxSeq, ChatProtocol.GroupNotice n) {
    return new GroupNotice(mailboxSeq, n.getGroupId(), GroupMessageKind.fromWireValue(n.getKindValue()), n.getActorId(),
        n.getGroupSeq(), n.getRoleValue() == 0 ? null : GroupRole.fromWireValue(n.getRoleValue()),
        instantOrNull(n.getMutedUntilMs()), n.getGroupName(), Instant.ofEpochMilli(n.getAtMs()));
  }

  static JoinRequest joinRequest(ChatProtocol.JoinRequest r) {
    return new JoinRequest(r.getGroupId(), ProtoMapping.profile(r.getRequester()), r.getGreeting(),
        Instant.ofEpochMilli(r.getCreatedAtMs()));
  }

  static GroupSendResult sendResult(ChatProtocol.GroupSendAck a) {
    return new GroupSendResult(a.getGroupId(), a.getMessageId(), a.getClientMsgId(), a.getSeq(),
        Instant.ofEpochMilli(a.getSentAtMs()), a.getDuplicate());
  }

  /** The log entry a group send produced, rebuilt from its ack. */
  static GroupMessage ownEntry(ChatProtocol.GroupSendAck a, long selfId, String text) {
    return new GroupMessage(a.getGroupId(), a.getSeq(), a.getMessageId(), selfId, a.getClientMsgId(), text,
        Instant.ofEpochMilli(a.getSentAtMs()), GroupMessageKind.TEXT, List.of(), null, null, true);
  }

  static ChatProtocol.GroupRole role(GroupRole role) {
    return ChatProtocol.GroupRole.forNumber(role.wireValue());
  }

  static ChatProtocol.JoinPolicy joinPolicy(JoinPolicy policy) {
    return ChatProtocol.JoinPolicy.forNumber(policy.wireValue());
  }

  private static Instant instantOrNull(long ms) {
    return ms == 0 ? null : Instant.ofEpochMilli(ms);
  }
}
