package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The group request frames the tests send, spelled once, and the waits for group pushes. Stateless. */
final class GroupFrames {
  private GroupFrames() {}

  static Frame.Builder create(String name, List<Long> memberIds) {
    return Frame.newBuilder().setCreateGroup(ChatProtocol.CreateGroupRequest.newBuilder().setName(name)
        .addAllMemberIds(memberIds));
  }

  static Frame.Builder invite(long groupId, List<Long> userIds) {
    return Frame.newBuilder().setInviteToGroup(ChatProtocol.InviteToGroupRequest.newBuilder().setGroupId(groupId)
        .addAllUserIds(userIds));
  }

  static Frame.Builder send(long groupId, String clientMsgId, String text) {
    return Frame.newBuilder().setSendGroupMessage(ChatProtocol.SendGroupMessageRequest.newBuilder()
        .setGroupId(groupId).setClientMsgId(clientMsgId).setText(text));
  }

  static Frame.Builder sync(long groupId, long afterSeq, int limit) {
    return Frame.newBuilder().setSyncGroup(ChatProtocol.SyncGroupRequest.newBuilder().setGroupId(groupId)
        .setAfterSeq(afterSeq).setLimit(limit));
  }

  static Frame.Builder history(long groupId, long beforeSeq, int limit) {
    return Frame.newBuilder().setGroupHistory(ChatProtocol.GroupHistoryRequest.newBuilder().setGroupId(groupId)
        .setBeforeSeq(beforeSeq).setLimit(limit));
  }

  static Frame.Builder ack(long groupId, long upToSeq) {
    return Frame.newBuilder().setAckGroup(ChatProtocol.AckGroupRequest.newBuilder().setGroupId(groupId)
        .setUpToSeq(upToSeq));
  }

  static Frame.Builder kick(long groupId, long userId) {
    return Frame.newBuilder().setKickMember(ChatProtocol.KickMemberRequest.newBuilder().setGroupId(groupId)
        .setUserId(userId));
  }

  static Frame.Builder leave(long groupId) {
    return Frame.newBuilder().setLeaveGroup(ChatProtocol.LeaveGroupRequest.newBuilder().setGroupId(groupId));
  }

  static Frame.Builder mute(long groupId, long userId, long untilMs) {
    return Frame.newBuilder().setMuteMember(ChatProtocol.MuteMemberRequest.newBuilder().setGroupId(groupId)
        .setUserId(userId).setUntilMs(untilMs));
  }

  static Frame.Builder muteAll(long groupId, boolean on) {
    return Frame.newBuilder().setUpdateGroup(ChatProtocol.UpdateGroupRequest.newBuilder().setGroupId(groupId)
        .setMuteAll(on));
  }

  static Frame.Builder setRole(long groupId, long userId, ChatProtocol.GroupRole role) {
    return Frame.newBuilder().setSetMemberRole(ChatProtocol.SetMemberRoleRequest.newBuilder().setGroupId(groupId)
        .setUserId(userId).setRole(role));
  }

  static Frame.Builder listGroups() {
    return Frame.newBuilder().setListGroups(ChatProtocol.ListGroupsRequest.getDefaultInstance());
  }

  static Frame.Builder conversations() {
    return Frame.newBuilder().setListConversations(ChatProtocol.ListConversationsRequest.getDefaultInstance());
  }

  /** Creates the group as {@code owner}'s session, checking it worked; returns its id. */
  static long createGroup(TestChatClient owner, String name, List<Long> memberIds) {
    Frame answer = owner.request(create(name, memberIds));
    assertThat(answer.hasGroupResponse()).as("create answer %s", answer).isTrue();
    return answer.getGroupResponse().getGroup().getGroupId();
  }

  /** Sends a text, checking it was acknowledged; returns the ack. */
  static ChatProtocol.GroupSendAck sendOk(TestChatClient c, long groupId, String clientMsgId) {
    Frame answer = c.request(send(groupId, clientMsgId, "text " + clientMsgId));
    assertThat(answer.hasGroupSendAck()).as("send answer %s", answer).isTrue();
    return answer.getGroupSendAck();
  }

  /** Takes {@code n} GroupMessageEvents in arrival order, each within {@code wait}; fails with what came if fewer. */
  static List<ChatProtocol.GroupMessage> takeGroupMessages(TestChatClient c, int n, Duration wait) {
    List<ChatProtocol.GroupMessage> out = new ArrayList<>(n);
    while (out.size() < n) {
      Frame f = c.awaitPush(BodyCase.GROUP_MESSAGE_EVENT, wait);
      assertThat(f).as("group message %d of %d (got seqs %s)", out.size() + 1, n,
          out.stream().map(ChatProtocol.GroupMessage::getSeq).toList()).isNotNull();
      out.add(f.getGroupMessageEvent().getMessage());
    }
    return out;
  }

  /** The GroupUpdatedEvent of {@code kind} {@code c} receives within {@code wait}; fails when none comes. */
  static ChatProtocol.GroupUpdatedEvent takeUpdate(TestChatClient c, ChatProtocol.GroupMessageKind kind,
      Duration wait) {
    Frame f = c.awaitPush(p -> p.hasGroupUpdatedEvent() && p.getGroupUpdatedEvent().getMessage().getKind() == kind,
        wait);
    assertThat(f).as("a GroupUpdatedEvent %s (pending %s)", kind, c.pushes()).isNotNull();
    return f.getGroupUpdatedEvent();
  }

  /** The notice of {@code kind} pushed into {@code c}'s mailbox within {@code wait}; fails when none comes. */
  static ChatProtocol.MailboxEntry takeNotice(TestChatClient c, ChatProtocol.GroupMessageKind kind, Duration wait) {
    Frame f = c.awaitPush(p -> p.hasMessageEvent() && p.getMessageEvent().getEntry().hasNotice()
        && p.getMessageEvent().getEntry().getNotice().getKind() == kind, wait);
    assertThat(f).as("a notice %s (pending %s)", kind, c.pushes()).isNotNull();
    assertThat(f.getMessageEvent().getEntry().hasMessage()).as("a notice entry has no message").isFalse();
    return f.getMessageEvent().getEntry();
  }
}
