package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.GROUP_MESSAGE_EVENT;
import static dev.parley.core.protocol.ChatProtocol.GroupMessageKind.GROUP_CREATED;
import static dev.parley.core.protocol.ChatProtocol.GroupMessageKind.MEMBERS_JOINED;
import static dev.parley.core.protocol.ChatProtocol.GroupMessageKind.MEMBER_KICKED;
import static dev.parley.core.protocol.ChatProtocol.GroupMessageKind.TEXT;
import static dev.parley.server.DeviceLogins.code;
import static dev.parley.server.GroupFrames.createGroup;
import static dev.parley.server.GroupFrames.sendOk;
import static dev.parley.server.GroupFrames.takeGroupMessages;
import static dev.parley.server.GroupFrames.takeNotice;
import static dev.parley.server.GroupFrames.takeUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Groups across two chat nodes over real sockets (shared stores, node-to-node Deliver over real
 * gRPC): every member and every device gets each group message exactly once and in seq order (the
 * sending session only its GroupSendAck); offline and late members sync only what followed their
 * join; a kicked member hears its kick and then nothing, and its sends are refused; mute and
 * mute-all; group lists, login and conversations carry last seqs and unread counts; and a
 * 500-member group spread over both nodes, with one Deliver per remote node per message.
 * Subclasses say where presence and the node directory live.
 */
abstract class GroupClusterContract {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** How long a session must stay without a push for "nothing more came". */
  private static final Duration QUIET = Duration.ofMillis(300);

  protected ChatCluster cluster;
  private ChatNode node1;
  private ChatNode node2;
  private TestUser ann;
  private TestUser bob;
  private TestUser cat;

  /** A cluster whose presence registry and node directory are the ones under test. */
  protected abstract ChatCluster newCluster();

  /** Releases what {@link #newCluster()} made beyond the cluster itself. */
  protected void closeBackends() {}

  @BeforeEach
  void start() {
    cluster = newCluster();
    ChatLimits limits = ChatLimits.defaults().withMessagesPerSecond(1000);
    node1 = cluster.startNode("node-1", limits);
    node2 = cluster.startNode("node-2", limits);
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cat = cluster.newUser("cat");
    cluster.befriend(ann, bob);
    cluster.befriend(ann, cat);
  }

  @AfterEach
  void stop() {
    cluster.close();
    closeBackends();
  }

  private TestChatClient device(ChatNode node, TestUser user, String device, Platform platform) {
    return DeviceLogins.loginDevice(cluster, node, user, device, platform);
  }

  @Test
  void aGroupAckOnOneDeviceMovesTheReadPositionOnTheOthers() {
    TestChatClient annDesktop = device(node1, ann, "ann-desktop", Platform.DESKTOP);
    TestChatClient annPhone = device(node2, ann, "ann-phone", Platform.MOBILE);
    TestChatClient bobs = device(node2, bob, "bob-desktop", Platform.DESKTOP);
    long group = createGroup(annDesktop, "read", List.of(bob.id()));
    long seq = sendOk(bobs, group, "read me").getSeq();

    Frame acked = annDesktop.request(GroupFrames.ack(group, seq));
    assertThat(acked.getAckGroupResponse().getReadSeq()).isEqualTo(seq);

    Frame position = annPhone.awaitPush(f -> f.hasGroupReadPositionEvent(), WAIT);
    assertThat(position).as("the other device hears the new read position").isNotNull();
    assertThat(position.getGroupReadPositionEvent().getGroupId()).isEqualTo(group);
    assertThat(position.getGroupReadPositionEvent().getReadSeq()).isEqualTo(seq);
    assertThat(annDesktop.awaitPush(f -> f.hasGroupReadPositionEvent(), QUIET)).as("not the acking one").isNull();
    assertThat(bobs.awaitPush(f -> f.hasGroupReadPositionEvent(), QUIET)).as("nor another member").isNull();
    // An ack that raises nothing pushes nothing.
    annDesktop.request(GroupFrames.ack(group, seq));
    assertThat(annPhone.awaitPush(f -> f.hasGroupReadPositionEvent(), QUIET)).isNull();
  }

  // ---- fan-out ----

  @Test
  void everyMemberAndEveryDeviceGetsEachMessageOnceInSeqOrderButTheSendingSession() {
    TestChatClient annDesktop = device(node1, ann, "ann-desktop", Platform.DESKTOP);
    TestChatClient annPhone = device(node2, ann, "ann-phone", Platform.MOBILE);
    TestChatClient bobs = device(node2, bob, "bob-desktop", Platform.DESKTOP);
    TestChatClient cats = device(node1, cat, "cat-desktop", Platform.DESKTOP);
    long group = createGroup(annDesktop, "trio", List.of(bob.id(), cat.id()));
    for (TestChatClient c : List.of(annPhone, bobs, cats)) {
      assertThat(takeUpdate(c, GROUP_CREATED, WAIT).getGroup().getMemberCount()).isEqualTo(3);
    }

    int n = 30;
    List<Long> acked = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      acked.add(sendOk(annDesktop, group, "a" + i).getSeq());
    }
    assertThat(acked).as("gap-free seqs after the creation entry").isEqualTo(LongStream.rangeClosed(2, n + 1)
        .boxed().toList());
    for (TestChatClient c : List.of(annPhone, bobs, cats)) {
      List<ChatProtocol.GroupMessage> got = takeGroupMessages(c, n, WAIT);
      assertThat(got).extracting(ChatProtocol.GroupMessage::getSeq).as("each once, in seq order").isEqualTo(acked);
      assertThat(got).allSatisfy(m -> {
        assertThat(m.getKind()).isEqualTo(TEXT);
        assertThat(m.getSenderId()).isEqualTo(ann.id());
        assertThat(m.getGroupId()).isEqualTo(group);
      });
    }
    assertThat(annDesktop.awaitPush(GROUP_MESSAGE_EVENT, QUIET)).as("the sending session gets only acks").isNull();

    // Two senders on two nodes, pipelined: each device still gets every message exactly once.
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(bobs.send(GroupFrames.send(group, "b" + i, "from bob " + i)));
      ids.add(cats.send(GroupFrames.send(group, "c" + i, "from cat " + i)));
    }
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Frame ack = (i % 2 == 0 ? bobs : cats).awaitResponse(ids.get(i), WAIT);
      assertThat(ack.hasGroupSendAck()).as("ack %s", ack).isTrue();
      seqs.add(ack.getGroupSendAck().getSeq());
    }
    seqs.sort(Comparator.naturalOrder());
    assertThat(seqs).isEqualTo(LongStream.rangeClosed(n + 2, 3L * n + 1).boxed().toList());
    for (TestChatClient c : List.of(annDesktop, annPhone)) {
      assertThat(takeGroupMessages(c, 2 * n, WAIT)).extracting(ChatProtocol.GroupMessage::getSeq)
          .containsExactlyInAnyOrderElementsOf(seqs);
    }
    assertThat(takeGroupMessages(bobs, n, WAIT)).extracting(ChatProtocol.GroupMessage::getSenderId)
        .containsOnly(cat.id());
    assertThat(takeGroupMessages(cats, n, WAIT)).extracting(ChatProtocol.GroupMessage::getSenderId)
        .containsOnly(bob.id());
    for (TestChatClient c : List.of(annDesktop, annPhone, bobs, cats)) {
      assertThat(c.awaitPush(GROUP_MESSAGE_EVENT, QUIET)).as("no duplicates").isNull();
    }
  }

  // ---- joining, syncing and history ----

  @Test
  void anOfflineMemberAndALateMemberSyncOnlyWhatFollowedTheirJoin() {
    TestUser dan = cluster.newUser("dan");
    cluster.befriend(ann, dan);
    TestChatClient anns = cluster.login(node1, ann);
    long group = createGroup(anns, "sync", List.of(bob.id())); // bob offline, dan not yet a member
    for (int i = 0; i < 3; i++) {
      sendOk(anns, group, "before" + i);
    }
    Frame invited = anns.request(GroupFrames.invite(group, List.of(dan.id())));
    assertThat(invited.getInviteToGroupResponse().getAddedIdsList()).containsExactly(dan.id());
    for (int i = 0; i < 2; i++) {
      sendOk(anns, group, "after" + i);
    }
    long lastSeq = 1 + 3 + 1 + 2;

    TestChatClient bobs = cluster.connect(node2);
    ChatProtocol.LoginResponse bobLogin = bobs.login(bob.token()).getLoginResponse();
    assertThat(bobLogin.getGroupsList()).singleElement().satisfies(g -> {
      assertThat(g.getGroup().getGroupId()).isEqualTo(group);
      assertThat(g.getGroup().getLastSeq()).isEqualTo(lastSeq);
      assertThat(g.getSelf().getJoinedSeq()).isZero();
    });
    ChatProtocol.SyncGroupResponse bobSync = bobs.request(GroupFrames.sync(group, 0, 100)).getSyncGroupResponse();
    assertThat(bobSync.getMessagesList()).extracting(ChatProtocol.GroupMessage::getSeq)
        .isEqualTo(LongStream.rangeClosed(1, lastSeq).boxed().toList());
    assertThat(bobSync.getLastSeq()).isEqualTo(lastSeq);

    TestChatClient dans = cluster.connect(node2);
    ChatProtocol.LoginResponse danLogin = dans.login(dan.token()).getLoginResponse();
    long joinedSeq = danLogin.getGroups(0).getSelf().getJoinedSeq();
    assertThat(joinedSeq).as("the entries before the invite are not dan's").isEqualTo(4);
    ChatProtocol.SyncGroupResponse danSync = dans.request(GroupFrames.sync(group, 0, 100)).getSyncGroupResponse();
    assertThat(danSync.getMessagesList()).extracting(ChatProtocol.GroupMessage::getSeq).containsExactly(5L, 6L, 7L);
    assertThat(danSync.getMessages(0).getKind()).isEqualTo(MEMBERS_JOINED);
    assertThat(danSync.getMessages(0).getTargetIdsList()).containsExactly(dan.id());
    ChatProtocol.GroupHistoryResponse danHistory = dans.request(GroupFrames.history(group, 0, 100))
        .getGroupHistoryResponse();
    assertThat(danHistory.getMessagesList()).extracting(ChatProtocol.GroupMessage::getSeq)
        .as("history newest first, nothing before the join").containsExactly(7L, 6L, 5L);
    assertThat(danHistory.getHasMore()).isFalse();
    // The invite is also a notice in dan's own mailbox, for a client that syncs only its mailbox.
    List<ChatProtocol.MailboxEntry> mailbox = dans.request(Requests.sync(0, 100)).getSyncResponse().getEntriesList();
    assertThat(mailbox).singleElement().satisfies(e -> {
      assertThat(e.hasMessage()).isFalse();
      assertThat(e.getNotice().getGroupId()).isEqualTo(group);
      assertThat(e.getNotice().getKind()).isEqualTo(MEMBERS_JOINED);
      assertThat(e.getNotice().getGroupSeq()).isEqualTo(5);
    });
  }

  // ---- kick ----

  @Test
  void aKickedMemberHearsItsKickThenNothingAndItsSendsAreRefused() {
    TestChatClient anns = cluster.login(node1, ann);
    TestChatClient bobs = cluster.login(node2, bob);
    TestChatClient cats = cluster.login(node2, cat);
    long group = createGroup(anns, "kick", List.of(bob.id(), cat.id()));
    takeUpdate(bobs, GROUP_CREATED, WAIT);
    sendOk(anns, group, "first");
    assertThat(takeGroupMessages(bobs, 1, WAIT)).singleElement()
        .satisfies(m -> assertThat(m.getClientMsgId()).isEqualTo("first"));

    assertThat(anns.request(GroupFrames.kick(group, bob.id())).hasEmptyResponse()).isTrue();
    ChatProtocol.GroupUpdatedEvent kick = takeUpdate(bobs, MEMBER_KICKED, WAIT);
    assertThat(kick.getMessage().getTargetIdsList()).containsExactly(bob.id());
    assertThat(kick.getGroup().getMemberCount()).isEqualTo(2);
    ChatProtocol.MailboxEntry notice = takeNotice(bobs, MEMBER_KICKED, WAIT);
    assertThat(notice.getNotice().getActorId()).isEqualTo(ann.id());
    assertThat(notice.getNotice().getGroupSeq()).isEqualTo(kick.getMessage().getSeq());

    for (int i = 0; i < 5; i++) {
      sendOk(anns, group, "after-kick" + i);
    }
    takeGroupMessages(cats, 1 + 5, WAIT); // "first" and the five: cat, on bob's node, got them all
    assertThat(bobs.awaitPush(f -> f.hasGroupMessageEvent() || f.hasGroupUpdatedEvent(), QUIET))
        .as("nothing after the kick").isNull();
    assertThat(code(bobs.request(GroupFrames.send(group, "x", "let me back")))).isEqualTo(ErrorCode.NOT_A_MEMBER);
    assertThat(code(bobs.request(GroupFrames.sync(group, 0, 10)))).isEqualTo(ErrorCode.NOT_A_MEMBER);
    assertThat(bobs.request(GroupFrames.listGroups()).getListGroupsResponse().getGroupsList()).isEmpty();
  }

  // ---- mute ----

  @Test
  void aMutedMemberAndMembersOfAMutedGroupAreRefusedMutedWhileAdminsSpeak() {
    TestChatClient anns = cluster.login(node1, ann);
    TestChatClient bobs = cluster.login(node2, bob);
    TestChatClient cats = cluster.login(node1, cat);
    long group = createGroup(anns, "mute", List.of(bob.id(), cat.id()));
    long hour = System.currentTimeMillis() + 3_600_000;
    assertThat(anns.request(GroupFrames.mute(group, bob.id(), hour)).hasEmptyResponse()).isTrue();
    Frame refused = bobs.request(GroupFrames.send(group, "m1", "hello?"));
    assertThat(code(refused)).isEqualTo(ErrorCode.MUTED);
    assertThat(refused.getError().getMessage()).contains("muted");
    sendOk(cats, group, "c1");

    assertThat(anns.request(GroupFrames.muteAll(group, true)).hasGroupResponse()).isTrue();
    assertThat(code(cats.request(GroupFrames.send(group, "c2", "hello?")))).isEqualTo(ErrorCode.MUTED);
    sendOk(anns, group, "owner-speaks");
    assertThat(anns.request(GroupFrames.setRole(group, cat.id(), ChatProtocol.GroupRole.ADMIN)).hasGroupResponse())
        .isTrue();
    sendOk(cats, group, "admin-speaks");

    assertThat(anns.request(GroupFrames.mute(group, bob.id(), 0)).hasEmptyResponse()).isTrue(); // unmute
    assertThat(code(bobs.request(GroupFrames.send(group, "m2", "still a member")))).as("mute-all still holds")
        .isEqualTo(ErrorCode.MUTED);
  }

  // ---- lists ----

  @Test
  void groupListsTheLoginAndConversationsCarryLastSeqAndUnread() {
    TestChatClient anns = cluster.login(node1, ann);
    long group = createGroup(anns, "lists", List.of(bob.id(), cat.id()));
    for (int i = 0; i < 4; i++) {
      sendOk(anns, group, "g" + i);
    }
    TestChatClient bobs = cluster.connect(node2);
    ChatProtocol.GroupSummary atLogin = bobs.login(bob.token()).getLoginResponse().getGroups(0);
    assertThat(atLogin.getGroup().getLastSeq()).isEqualTo(5);
    assertThat(atLogin.getUnreadCount()).as("the creation entry and four texts, all by ann").isEqualTo(5);

    Frame direct = anns.request(Requests.send(bob.id(), "d1", "a direct message, newer than the group's"));
    assertThat(direct.hasSendAck()).isTrue();
    List<ChatProtocol.Conversation> conversations = bobs.request(GroupFrames.conversations())
        .getListConversationsResponse().getConversationsList();
    assertThat(conversations).hasSize(2);
    assertThat(conversations.get(0).getPeerId()).as("the newest first").isEqualTo(ann.id());
    assertThat(conversations.get(1)).satisfies(c -> {
      assertThat(c.getGroupId()).isEqualTo(group);
      assertThat(c.getGroupName()).isEqualTo("lists");
      assertThat(c.getLastGroupMessage().getSeq()).isEqualTo(5);
      assertThat(c.getUnreadCount()).isEqualTo(5);
    });

    assertThat(bobs.request(GroupFrames.ack(group, 3)).getAckGroupResponse().getReadSeq()).isEqualTo(3);
    ChatProtocol.GroupSummary listed = bobs.request(GroupFrames.listGroups()).getListGroupsResponse().getGroups(0);
    assertThat(listed.getGroup().getLastSeq()).isEqualTo(5);
    assertThat(listed.getSelf().getReadSeq()).isEqualTo(3);
    assertThat(listed.getUnreadCount()).isEqualTo(2);
  }

  // ---- a large group ----

  @Test
  void aFiveHundredMemberGroupAcrossTwoNodesGetsEveryMessageOncePerMemberWithOneDeliverPerNode() {
    int members = 500;
    List<TestUser> users = new ArrayList<>();
    users.add(ann);
    for (int i = 1; i < members; i++) {
      TestUser u = cluster.newUser("m" + i);
      cluster.befriend(ann, u);
      users.add(u);
    }
    TestChatClient owner = cluster.login(node1, ann);
    List<Long> others = users.subList(1, members).stream().map(TestUser::id).toList();
    long group = createGroup(owner, "five hundred", others.subList(0, 99));
    for (int from = 99; from < others.size(); from += 100) {
      Frame added = owner.request(GroupFrames.invite(group, others.subList(from, Math.min(others.size(), from + 100))));
      assertThat(added.hasInviteToGroupResponse()).as("invite %s", added).isTrue();
    }
    Map<Long, TestChatClient> sessions = loginAll(users.subList(1, members));
    assertThat(cluster.presence.lookupAll(others)).hasSize(members - 1);
    int onNode2 = (int) others.stream().filter(id -> cluster.presence.sessions(id).get(0).nodeId().equals("node-2"))
        .count();
    assertThat(onNode2).as("members spread over both nodes").isBetween(200, 300);

    double deliverBefore = deliverCalls("node-1");
    int messages = 10;
    for (int i = 0; i < messages; i++) {
      sendOk(owner, group, "big" + i);
    }
    Map<Long, Integer> received = new ConcurrentHashMap<>();
    for (Map.Entry<Long, TestChatClient> e : sessions.entrySet()) {
      List<ChatProtocol.GroupMessage> got = takeGroupMessages(e.getValue(), messages, WAIT);
      assertThat(got).extracting(ChatProtocol.GroupMessage::getClientMsgId).doesNotHaveDuplicates();
      received.put(e.getKey(), got.size());
    }
    assertThat(received).hasSize(members - 1).allSatisfy((id, count) -> assertThat(count).isEqualTo(messages));
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(deliverCalls("node-1") - deliverBefore).as("one Deliver to node-2 per message")
            .isEqualTo(messages));
    for (TestChatClient c : sessions.values()) {
      assertThat(c.pushes().stream().filter(Frame::hasGroupMessageEvent)).as("no extra pushes").isEmpty();
    }
  }

  /** Logs every user in, alternating nodes; the sessions by user id. */
  private Map<Long, TestChatClient> loginAll(List<TestUser> users) {
    Map<Long, TestChatClient> out = new LinkedHashMap<>();
    for (int i = 0; i < users.size(); i++) {
      out.put(users.get(i).id(), cluster.login(i % 2 == 0 ? node2 : node1, users.get(i)));
    }
    return out;
  }

  private double deliverCalls(String nodeId) {
    return cluster.meters.get("parley.peer.deliver.calls").tag("node", nodeId).counter().count();
  }
}
