package dev.parley.server;

import static dev.parley.server.DeviceLogins.loginDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.hooks.OfflinePush;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.hooks.OfflinePushSender;
import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offline push over real sockets, two chat nodes with node-to-node Deliver over real gRPC: a
 * recipient with no live session gets exactly one push per message, with the right ids, names,
 * preview and unread count; one with a live unmuted session (on either node) gets none; one whose
 * every session is muted gets the push and still the message; a group message pushes only to the
 * members it did not reach. The sender records what the node hands it. Subclasses say how the
 * nodes run their requests.
 */
abstract class OfflinePushContract {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** How long nothing may arrive for "no push". */
  private static final Duration QUIET = Duration.ofMillis(400);

  /** Every push the nodes hand over, in order. */
  static final class RecordingSender implements OfflinePushSender {
    final LinkedBlockingQueue<OfflinePush> pushes = new LinkedBlockingQueue<>();

    @Override
    public void send(OfflinePush push) {
      pushes.add(push);
    }

    OfflinePush take() throws InterruptedException {
      OfflinePush p = pushes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(p).as("an offline push within %s", WAIT).isNotNull();
      return p;
    }

    void assertNoneFor(Duration quiet) {
      await().during(quiet).atMost(quiet.plusSeconds(5)).until(pushes::isEmpty);
    }
  }

  protected ChatCluster cluster;
  private final RecordingSender sender = new RecordingSender();
  private ChatNode node1;
  private ChatNode node2;
  private TestUser ann;
  private TestUser bob;
  private TestUser cat;

  protected abstract ChatCluster newCluster();

  @BeforeEach
  void start() {
    cluster = newCluster();
    node1 = startNode("node-1", b -> b);
    node2 = startNode("node-2", b -> b);
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cat = cluster.newUser("cat");
    cluster.befriend(ann, bob);
    cluster.befriend(ann, cat);
  }

  private ChatNode startNode(String id, UnaryOperator<ChatNodeBuilder> more) {
    return cluster.startNode(id, ChatLimits.defaults().withMessagesPerSecond(1000),
        b -> more.apply(b.offlinePush(sender)));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static ChatProtocol.SendAck sendOk(TestChatClient c, long to, String clientMsgId, String text) {
    Frame answer = c.request(Requests.send(to, clientMsgId, text));
    assertThat(answer.hasSendAck()).as("send answer %s", answer).isTrue();
    return answer.getSendAck();
  }

  private static void mute(TestChatClient c, boolean muted) {
    Frame answer = c.request(Frame.newBuilder().setMuteSession(ChatProtocol.MuteSessionRequest.newBuilder()
        .setMuted(muted)));
    assertThat(answer.hasEmptyResponse()).as("mute answer %s", answer).isTrue();
  }

  @Test
  void anOfflineRecipientGetsOnePushPerMessageWithItsFieldsAndUnreadCount() throws Exception {
    TestChatClient a = cluster.login(node1, ann);

    // The count is read when the push is dispatched, so the second message goes after the first push
    // (sent together, the first push may already count both).
    ChatProtocol.SendAck first = sendOk(a, bob.id(), "m1", "hello bob");
    OfflinePush p1 = sender.take();
    ChatProtocol.SendAck second = sendOk(a, bob.id(), "m2", "are you there?");
    OfflinePush p2 = sender.take();
    assertThat(p1.userId()).isEqualTo(bob.id());
    assertThat(p1.senderId()).isEqualTo(ann.id());
    assertThat(p1.senderName()).isEqualTo(ann.name());
    assertThat(p1.peerId()).isEqualTo(ann.id());
    assertThat(p1.groupId()).isZero();
    assertThat(p1.groupName()).isEmpty();
    assertThat(p1.messageId()).isEqualTo(first.getMessageId());
    assertThat(p1.sentAt().toEpochMilli()).isEqualTo(first.getSentAtMs());
    assertThat(p1.preview()).as("SENDER, the default, shows no text").isEmpty();
    assertThat(p1.unreadCount()).isEqualTo(1);
    assertThat(p2.messageId()).isEqualTo(second.getMessageId());
    assertThat(p2.unreadCount()).isEqualTo(2);
    sender.assertNoneFor(QUIET); // one push per message, none to the sender
  }

  @Test
  void theUnreadCountAddsGroupsAndDropsWhatWasRead() throws Exception {
    TestChatClient a = cluster.login(node1, ann);
    long groupId = GroupFrames.createGroup(a, "trip", List.of(bob.id()));
    GroupFrames.sendOk(a, groupId, "g1");
    // Unread as the group list counts it: the creation entry (written by ann) and the message.
    assertThat(sender.take().unreadCount()).isEqualTo(2);

    sendOk(a, bob.id(), "m1", "hi");
    OfflinePush direct = sender.take();
    assertThat(direct.groupId()).isZero();
    assertThat(direct.unreadCount()).as("two group entries and one 1:1 message").isEqualTo(3);

    TestChatClient b = cluster.connect(node2);
    long mailboxSeq = b.login(bob.token()).getLoginResponse().getMailboxSeq();
    assertThat(b.request(Requests.ack(mailboxSeq)).hasEmptyResponse()).isTrue(); // reads the 1:1 message
    assertThat(b.request(GroupFrames.ack(groupId, 2)).hasAckGroupResponse()).isTrue(); // and the group
    b.close();
    await().atMost(WAIT).until(() -> !cluster.presence.isOnline(bob.id()));
    sendOk(a, bob.id(), "m2", "again");
    assertThat(sender.take().unreadCount()).as("only the new message is unread").isEqualTo(1);
  }

  @Test
  void aRecipientOnlineOnEitherNodeGetsTheMessageAndNoPush() {
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient b = cluster.login(node1, bob);
    TestChatClient c = cluster.login(node2, cat);

    sendOk(a, bob.id(), "m1", "same node");
    sendOk(a, cat.id(), "m2", "other node");

    assertThat(b.awaitPush(BodyCase.MESSAGE_EVENT, WAIT)).isNotNull();
    assertThat(c.awaitPush(BodyCase.MESSAGE_EVENT, WAIT)).isNotNull();
    sender.assertNoneFor(QUIET);
  }

  @Test
  void aMutedSessionStillGetsTheMessageAndItsUserTheOfflinePush() throws Exception {
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient b = cluster.login(node1, bob);
    mute(b, true);

    ChatProtocol.SendAck sent = sendOk(a, bob.id(), "m1", "wake up");

    Frame event = b.awaitPush(BodyCase.MESSAGE_EVENT, WAIT);
    assertThat(event).as("the muted session still gets the message").isNotNull();
    OfflinePush p = sender.take();
    assertThat(p.userId()).isEqualTo(bob.id());
    assertThat(p.messageId()).isEqualTo(sent.getMessageId());

    mute(b, false);
    sendOk(a, bob.id(), "m2", "back");
    assertThat(b.awaitPush(f -> f.hasMessageEvent() && f.getMessageEvent().getEntry().getMessage()
        .getClientMsgId().equals("m2"), WAIT)).isNotNull();
    sender.assertNoneFor(QUIET);
  }

  @Test
  void oneUnmutedDeviceIsEnoughAndAMutedOneOnAnotherNodeIsNot() throws Exception {
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient phone = loginDevice(cluster, node2, bob, "bob-phone", Platform.MOBILE);
    mute(phone, true);

    sendOk(a, bob.id(), "m1", "to the muted phone on node 2");
    assertThat(phone.awaitPush(BodyCase.MESSAGE_EVENT, WAIT)).isNotNull();
    assertThat(sender.take().userId()).as("node 2 answered: no unmuted session").isEqualTo(bob.id());

    TestChatClient desktop = loginDevice(cluster, node2, bob, "bob-desktop", Platform.DESKTOP);
    sendOk(a, bob.id(), "m2", "the desktop is unmuted");
    assertThat(desktop.awaitPush(BodyCase.MESSAGE_EVENT, WAIT)).isNotNull();
    sender.assertNoneFor(QUIET);
  }

  @Test
  void aGroupMessagePushesOnlyToTheMembersItDidNotReach() throws Exception {
    TestUser dan = cluster.newUser("dan");
    TestUser eve = cluster.newUser("eve");
    cluster.befriend(ann, dan);
    cluster.befriend(ann, eve);
    TestChatClient a = cluster.login(node1, ann);
    TestChatClient b = cluster.login(node1, bob); // online, unmuted: no push
    TestChatClient d = cluster.login(node2, dan); // muted on the other node: push
    TestChatClient e = cluster.login(node2, eve); // online on the other node, unmuted: no push
    mute(d, true);
    long groupId = GroupFrames.createGroup(a, "crew", List.of(bob.id(), cat.id(), dan.id(), eve.id()));

    ChatProtocol.GroupSendAck sent = GroupFrames.sendOk(a, groupId, "g1");

    for (TestChatClient member : List.of(b, d, e)) {
      assertThat(member.awaitPush(BodyCase.GROUP_MESSAGE_EVENT, WAIT)).isNotNull();
    }
    List<OfflinePush> pushes = new ArrayList<>(List.of(sender.take(), sender.take()));
    sender.assertNoneFor(QUIET);
    assertThat(pushes).extracting(OfflinePush::userId).containsExactlyInAnyOrder(cat.id(), dan.id());
    for (OfflinePush p : pushes) {
      assertThat(p.groupId()).isEqualTo(groupId);
      assertThat(p.groupName()).isEqualTo("crew");
      assertThat(p.peerId()).isZero();
      assertThat(p.senderId()).isEqualTo(ann.id());
      assertThat(p.senderName()).isEqualTo(ann.name());
      assertThat(p.messageId()).isEqualTo(sent.getMessageId());
      assertThat(p.unreadCount()).as("the creation entry and the message").isEqualTo(2);
    }
  }

  @Test
  void previewNoneShowsIdsOnly() throws Exception {
    ChatNode node = startNode("node-none", b -> b.pushPreview(PreviewMode.NONE));
    TestChatClient a = cluster.login(node, ann);
    long groupId = GroupFrames.createGroup(a, "secret plans", List.of(bob.id()));

    sendOk(a, bob.id(), "m1", "private words");
    GroupFrames.sendOk(a, groupId, "g1");

    for (OfflinePush p : List.of(sender.take(), sender.take())) {
      assertThat(p.senderName()).isEmpty();
      assertThat(p.groupName()).isEmpty();
      assertThat(p.preview()).isEmpty();
      assertThat(p.senderId()).isEqualTo(ann.id());
      assertThat(p.userId()).isEqualTo(bob.id());
    }
  }

  @Test
  void previewTextShowsTheTextCutAtACodePoint() throws Exception {
    ChatNode node = startNode("node-text", b -> b.pushPreview(PreviewMode.TEXT).pushPreviewLength(5));
    TestChatClient a = cluster.login(node, ann);

    sendOk(a, bob.id(), "m1", "short");
    sendOk(a, bob.id(), "m2", "ab\uD83D\uDE00\uD83D\uDE00cdef"); // a, b, two emoji (surrogate pairs), c, ...

    OfflinePush whole = sender.take();
    assertThat(whole.preview()).isEqualTo("short");
    assertThat(whole.senderName()).isEqualTo(ann.name());
    assertThat(sender.take().preview()).isEqualTo("ab\uD83D\uDE00\uD83D\uDE00c…");
  }

  @Test
  void aThrowingSenderIsCountedAndTheSendStillSucceeds() {
    ChatNode node = cluster.startNode("node-throws", ChatLimits.defaults(), b -> b.offlinePush(push -> {
      throw new IllegalStateException("push service down");
    }));
    TestChatClient a = cluster.login(node, ann);

    sendOk(a, bob.id(), "m1", "still stored");

    await().atMost(WAIT).until(() -> counter("parley.offline.push.failed", "node-throws") == 1);
    assertThat(counter("parley.offline.push.sent", "node-throws")).isZero();
  }

  @Test
  void aFullQueueDropsAndCounts() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LinkedBlockingQueue<OfflinePush> got = new LinkedBlockingQueue<>();
    ChatNode node = cluster.startNode("node-full", ChatLimits.defaults().withMessagesPerSecond(1000),
        b -> b.offlinePushQueue(1, 1).offlinePush(push -> {
          entered.countDown();
          release.await();
          got.add(push);
        }));
    TestChatClient a = cluster.login(node, ann);

    sendOk(a, bob.id(), "m1", "holds the only thread");
    assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    sendOk(a, bob.id(), "m2", "waits in the queue of one");
    sendOk(a, bob.id(), "m3", "finds it full");
    await().atMost(WAIT).until(() -> counter("parley.offline.push.dropped", "node-full") == 1);
    release.countDown();

    await().atMost(WAIT).until(() -> counter("parley.offline.push.sent", "node-full") == 2);
    assertThat(got).extracting(OfflinePush::messageId).hasSize(2).doesNotHaveDuplicates();
    assertThat(counter("parley.offline.push.dropped", "node-full")).isEqualTo(1);
  }

  @Test
  void withoutASenderNothingIsRegistered() {
    ChatNode node = cluster.startNode("node-off", ChatLimits.defaults());
    TestChatClient a = cluster.login(node, ann);
    TestChatClient b = cluster.login(node, bob);
    mute(b, true); // accepted even when the deployment has no offline push

    sendOk(a, bob.id(), "m1", "no push configured");

    assertThat(b.awaitPush(BodyCase.MESSAGE_EVENT, WAIT)).isNotNull();
    assertThat(cluster.meters.find("parley.offline.push.sent").tag("node", "node-off").counter()).isNull();
  }

  private double counter(String name, String node) {
    var c = cluster.meters.find(name).tag("node", node).counter();
    return c == null ? 0 : c.count();
  }
}
