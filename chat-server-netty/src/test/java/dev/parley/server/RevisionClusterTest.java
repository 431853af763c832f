package dev.parley.server;

import static dev.parley.server.GroupFrames.createGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recall, edit and delete-for-me across two chat nodes over real sockets: the revision reaches the
 * peer's and the actor's other sessions on the other node, a device that was offline syncs the
 * final state in mailbox order, and a group owner's recall of a member's message reaches the
 * members on both nodes.
 */
class RevisionClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private ChatCluster cluster;
  private ChatNode node1;
  private ChatNode node2;
  private TestUser kim;
  private TestUser lee;
  private TestUser max;

  @BeforeEach
  void start() {
    cluster = new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
    ChatLimits limits = ChatLimits.defaults().withMessagesPerSecond(1000);
    node1 = cluster.startNode("node-1", limits);
    node2 = cluster.startNode("node-2", limits);
    kim = cluster.newUser("kim");
    lee = cluster.newUser("lee");
    max = cluster.newUser("max");
    cluster.befriend(kim, lee);
    cluster.befriend(kim, max);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static ChatProtocol.SendAck sent(TestChatClient c, long to, String clientMsgId, String text) {
    Frame answer = c.request(Requests.send(to, clientMsgId, text));
    assertThat(answer.hasSendAck()).as("send answer %s", answer).isTrue();
    return answer.getSendAck();
  }

  private static ChatProtocol.RevisionAck revised(TestChatClient c, Frame.Builder request) {
    Frame answer = c.request(request);
    assertThat(answer.hasRevisionAck()).as("revision answer %s", answer).isTrue();
    return answer.getRevisionAck();
  }

  private static Frame.Builder recall(long messageId) {
    return Frame.newBuilder().setRecallMessage(ChatProtocol.RecallMessageRequest.newBuilder().setMessageId(messageId));
  }

  private static Frame.Builder edit(long messageId, String text) {
    return Frame.newBuilder().setEditMessage(ChatProtocol.EditMessageRequest.newBuilder().setMessageId(messageId)
        .setText(text));
  }

  private static Frame.Builder delete(long messageId) {
    return Frame.newBuilder().setDeleteMessage(ChatProtocol.DeleteMessageRequest.newBuilder().setMessageId(messageId));
  }

  /** The next pushed mailbox revision {@code c} gets within the wait. */
  private static ChatProtocol.MailboxEntry nextRevision(TestChatClient c) {
    Frame f = c.awaitPush(p -> p.hasMessageEvent() && p.getMessageEvent().getEntry().hasRevision(), WAIT);
    assertThat(f).as("a revision push").isNotNull();
    return f.getMessageEvent().getEntry();
  }

  @Test
  void aRecallAndAnEditReachThePeerAndTheSendersOtherDeviceOnTheOtherNodeAndAnOfflineDeviceSyncsTheFinalState() {
    TestChatClient kimDesk = DeviceLogins.loginDevice(cluster, node1, kim, "kim-desk", Platform.DESKTOP);
    TestChatClient kimPhone = DeviceLogins.loginDevice(cluster, node2, kim, "kim-phone", Platform.MOBILE);
    TestChatClient leeDesk = DeviceLogins.loginDevice(cluster, node2, lee, "lee-desk", Platform.DESKTOP);
    ChatProtocol.SendAck oops = sent(kimDesk, lee.id(), "k1", "oops");
    ChatProtocol.SendAck helo = sent(kimDesk, lee.id(), "k2", "helo");
    DeviceLogins.takeMessages(leeDesk, 2, WAIT);

    ChatProtocol.RevisionAck recalled = revised(kimDesk, recall(oops.getMessageId()));
    ChatProtocol.RevisionAck edited = revised(kimDesk, edit(helo.getMessageId(), "hello"));

    assertThat(recalled.getDuplicate()).isFalse();
    assertThat(recalled.getSeq()).isEqualTo(3); // kim's mailbox: two messages, then the revisions
    assertThat(edited.getSeq()).isEqualTo(4);
    for (TestChatClient other : List.of(leeDesk, kimPhone)) {
      ChatProtocol.MailboxEntry first = nextRevision(other);
      ChatProtocol.MailboxEntry second = nextRevision(other);
      assertThat(first.getRevision().getKind()).isEqualTo(ChatProtocol.RevisionKind.RECALLED);
      assertThat(first.getRevision().getMessageId()).isEqualTo(oops.getMessageId());
      assertThat(second.getRevision().getKind()).isEqualTo(ChatProtocol.RevisionKind.EDITED);
      assertThat(second.getRevision().getText()).isEqualTo("hello");
      assertThat(second.getSeq()).isEqualTo(first.getSeq() + 1);
    }
    // the acting session is answered, not pushed
    assertThat(kimDesk.awaitPush(p -> p.hasMessageEvent() && p.getMessageEvent().getEntry().hasRevision(),
        Duration.ofMillis(300))).isNull();
    // lee hides the edited message from his own mailbox; kim keeps it
    assertThat(revised(leeDesk, delete(helo.getMessageId())).getSeq()).isEqualTo(5);
    assertThat(revised(leeDesk, delete(helo.getMessageId())).getDuplicate()).isTrue();

    // lee's phone was never online: its sync shows the originals in their final state, then the revisions, gap-free
    TestChatClient leePhone = DeviceLogins.loginDevice(cluster, node1, lee, "lee-phone", Platform.MOBILE);
    List<ChatProtocol.MailboxEntry> entries = leePhone.request(Requests.sync(0, 100)).getSyncResponse().getEntriesList();
    assertThat(entries).extracting(ChatProtocol.MailboxEntry::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(entries.get(0).getMessage().getRecalled()).isTrue();
    assertThat(entries.get(0).getMessage().getText()).isEmpty();
    assertThat(entries.get(1).getMessage().getDeleted()).isTrue();
    assertThat(entries.get(1).getMessage().getText()).isEmpty();
    assertThat(entries.subList(2, 5)).extracting(e -> e.getRevision().getKind()).containsExactly(
        ChatProtocol.RevisionKind.RECALLED, ChatProtocol.RevisionKind.EDITED, ChatProtocol.RevisionKind.DELETED);
    // kim's own sync: the edited text, not deleted for him
    List<ChatProtocol.MailboxEntry> kims = kimPhone.request(Requests.sync(0, 100)).getSyncResponse().getEntriesList();
    assertThat(kims.get(1).getMessage().getText()).isEqualTo("hello");
    assertThat(kims.get(1).getMessage().getEditedAtMs()).isPositive();
    assertThat(kims.get(1).getMessage().getDeleted()).isFalse();
  }

  @Test
  void aGroupOwnersRecallOfAMembersMessageReachesTheMembersOnBothNodes() {
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient lees = cluster.login(node2, lee);
    TestChatClient maxs = cluster.login(node1, max);
    long group = createGroup(kims, "club", List.of(lee.id(), max.id()));
    ChatProtocol.GroupSendAck leeSaid = GroupFrames.sendOk(lees, group, "l1");
    maxs.awaitPush(p -> p.hasGroupMessageEvent() && p.getGroupMessageEvent().getMessage().getSeq() == leeSaid.getSeq(),
        WAIT);

    ChatProtocol.RevisionAck ack = revised(kims, Frame.newBuilder().setRecallMessage(
        ChatProtocol.RecallMessageRequest.newBuilder().setGroupId(group).setSeq(leeSaid.getSeq())));

    assertThat(ack.getGroupMessage().getKind()).isEqualTo(ChatProtocol.GroupMessageKind.MESSAGE_RECALLED);
    assertThat(ack.getGroupMessage().getTargetSeq()).isEqualTo(leeSaid.getSeq());
    for (TestChatClient member : List.of(lees, maxs)) {
      Frame f = member.awaitPush(p -> p.hasGroupMessageEvent()
          && p.getGroupMessageEvent().getMessage().getKind() == ChatProtocol.GroupMessageKind.MESSAGE_RECALLED, WAIT);
      assertThat(f).as("the recall reaches every member").isNotNull();
      assertThat(f.getGroupMessageEvent().getMessage().getSeq()).isEqualTo(ack.getSeq());
      assertThat(f.getGroupMessageEvent().getMessage().getSenderId()).isEqualTo(kim.id()); // who acted
    }
    List<ChatProtocol.GroupMessage> log = maxs.request(GroupFrames.sync(group, 0, 100)).getSyncGroupResponse()
        .getMessagesList();
    ChatProtocol.GroupMessage original = log.stream().filter(m -> m.getSeq() == leeSaid.getSeq()).findFirst()
        .orElseThrow();
    assertThat(original.getRecalled()).isTrue();
    assertThat(original.getText()).isEmpty();
    // a plain member may not recall another member's message
    ChatProtocol.GroupSendAck again = GroupFrames.sendOk(lees, group, "l2");
    Frame refused = maxs.request(Frame.newBuilder().setRecallMessage(
        ChatProtocol.RecallMessageRequest.newBuilder().setGroupId(group).setSeq(again.getSeq())));
    assertThat(DeviceLogins.code(refused)).isEqualTo(ChatProtocol.ErrorCode.NOT_ALLOWED);
  }
}
