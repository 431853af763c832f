package dev.parley.server;

import static dev.parley.server.DeviceLogins.code;
import static dev.parley.server.GroupFrames.createGroup;
import static dev.parley.server.GroupFrames.sendOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.GroupLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile group requests over real sockets: groups that do not exist, that the user left, or that
 * are another's; invites over the per-request and member limits; and a flood of 10,000 invites
 * from one user over several sockets, refused RATE_LIMITED past the limit while another user's
 * one-to-one chat on the same node keeps being answered.
 */
class GroupHostileInputTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MAX_MEMBERS = 5;
  private static final int INVITES_PER_WINDOW = 50;

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private ChatNode node;
  private TestUser ann;
  private TestUser bob;
  private TestUser eve;
  private TestChatClient anns;
  private TestChatClient bobs;
  private TestChatClient eves;

  @BeforeEach
  void start() {
    GroupLimits groups = GroupLimits.defaults().withMaxMembers(MAX_MEMBERS)
        .withRates(INVITES_PER_WINDOW, 20, 50, Duration.ofHours(1));
    node = cluster.startNode("n1", ChatLimits.defaults().withMessagesPerSecond(1000).withGroups(groups)
        .withLoginPolicy(LoginPolicy.multi(8)));
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    eve = cluster.newUser("eve");
    cluster.befriend(ann, bob);
    cluster.befriend(ann, eve);
    cluster.befriend(bob, eve);
    anns = cluster.login(node, ann);
    bobs = cluster.login(node, bob);
    eves = cluster.login(node, eve);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** Every read and write naming a group, for one group id. */
  private static List<Frame.Builder> everyGroupRequest(long group, long someUser) {
    return List.of(GroupFrames.send(group, "x1", "hello"), GroupFrames.sync(group, 0, 10),
        GroupFrames.history(group, 0, 10), GroupFrames.ack(group, 1), GroupFrames.kick(group, someUser),
        GroupFrames.invite(group, List.of(someUser)), GroupFrames.leave(group),
        Frame.newBuilder().setListMembers(ChatProtocol.ListMembersRequest.newBuilder().setGroupId(group)),
        Frame.newBuilder().setGetGroup(ChatProtocol.GetGroupRequest.newBuilder().setGroupId(group)));
  }

  @Test
  void aGroupThatDoesNotExistIsNotFoundForEveryRequest() {
    for (long group : new long[] {424242, 0, -1}) {
      for (Frame.Builder request : everyGroupRequest(group, bob.id())) {
        Frame answer = anns.request(request);
        assertThat(code(answer)).as("%s to group %d", request.getBodyCase(), group).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(answer.getError().getMessage()).contains("group " + group);
      }
    }
  }

  @Test
  void aGroupTheUserLeftOrNeverJoinedIsNotAMemberAndShowsNothing() {
    long group = createGroup(anns, "private", List.of(bob.id()));
    sendOk(anns, group, "secret-1");
    assertThat(bobs.request(GroupFrames.leave(group)).hasEmptyResponse()).isTrue();
    sendOk(anns, group, "secret-2");

    for (TestChatClient outsider : List.of(bobs, eves)) {
      for (Frame.Builder request : everyGroupRequest(group, ann.id())) {
        Frame answer = outsider.request(request);
        assertThat(code(answer)).as("%s by an outsider", request.getBodyCase()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(answer.getError().getMessage()).doesNotContain("secret").doesNotContain("private");
      }
    }
    assertThat(eves.request(GroupFrames.listGroups()).getListGroupsResponse().getGroupsList()).isEmpty();
    assertThat(eves.request(GroupFrames.conversations()).getListConversationsResponse().getConversationsList())
        .isEmpty();
    assertThat(eves.pushes()).as("nothing of the group reached the outsider").noneMatch(f -> f.hasGroupMessageEvent()
        || f.hasGroupUpdatedEvent() || f.hasMessageEvent() && f.getMessageEvent().getEntry().hasNotice());
    // ann's own group is still fine: the refusals changed nothing
    assertThat(anns.request(GroupFrames.sync(group, 0, 100)).getSyncGroupResponse().getMessagesList())
        .extracting(ChatProtocol.GroupMessage::getClientMsgId).contains("secret-1", "secret-2");
  }

  @Test
  void invitesOverTheRequestLimitOrTheMemberLimitAreRefused() {
    long group = createGroup(anns, "small", List.of(bob.id()));
    List<Long> tooMany = LongStream.rangeClosed(1_000, 1_000 + GroupLimits.defaults().maxInvitesPerRequest())
        .boxed().toList();
    assertThat(code(anns.request(GroupFrames.invite(group, tooMany)))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(anns.request(GroupFrames.invite(group, List.of())))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(anns.request(GroupFrames.invite(group, List.of(-5L))))).isEqualTo(ErrorCode.BAD_REQUEST);

    List<Long> friends = new ArrayList<>();
    for (int i = 0; i < MAX_MEMBERS; i++) {
      TestUser u = cluster.newUser("f" + i);
      cluster.befriend(ann, u);
      friends.add(u.id());
    }
    Frame full = anns.request(GroupFrames.invite(group, friends.subList(0, MAX_MEMBERS - 1))); // 2 + 4 > 5
    assertThat(code(full)).isEqualTo(ErrorCode.GROUP_FULL);
    assertThat(full.getError().getMessage()).contains("2 of " + MAX_MEMBERS);
    Frame fits = anns.request(GroupFrames.invite(group, friends.subList(0, MAX_MEMBERS - 2)));
    assertThat(fits.getInviteToGroupResponse().getAddedIdsList()).hasSize(MAX_MEMBERS - 2);
    assertThat(code(anns.request(GroupFrames.invite(group, List.of(eve.id()))))).isEqualTo(ErrorCode.GROUP_FULL);
    assertThat(code(anns.request(GroupFrames.create("too big", friends)))).isEqualTo(ErrorCode.GROUP_FULL);
  }

  @Test
  void tenThousandInvitesOverSeveralSocketsAreRateLimitedWhileAnotherUsersChatGoesOn() throws Exception {
    long group = createGroup(anns, "flood", List.of(bob.id()));
    List<TestChatClient> sockets = new ArrayList<>();
    Platform[] platforms = {Platform.DESKTOP, Platform.MOBILE, Platform.WEB, Platform.OTHER};
    for (int i = 0; i < platforms.length; i++) {
      sockets.add(DeviceLogins.loginDevice(cluster, node, ann, "ann-" + i, platforms[i]));
    }
    int perSocket = 10_000 / sockets.size();
    long floodStart = System.nanoTime();
    List<Thread> flooders = new ArrayList<>();
    List<List<Long>> sent = new ArrayList<>();
    for (TestChatClient s : sockets) {
      List<Long> ids = new ArrayList<>(perSocket);
      sent.add(ids);
      Thread t = new Thread(() -> {
        for (int i = 0; i < perSocket; i++) {
          ids.add(s.send(GroupFrames.invite(group, List.of(bob.id()))));
        }
      }, "invite-flood");
      flooders.add(t);
      t.start();
    }
    // Meanwhile bob and eve chat one to one on the same node: each message answered (within the
    // client's request timeout) and delivered. The latency is printed, not asserted: tests do not
    // assert on wall-clock speed, and this box's load decides it.
    LongFunction<Frame.Builder> chat = i -> Requests.send(eve.id(), "chat-" + i, "still here " + i);
    long slowestNanos = 0;
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      Frame ack = bobs.request(chat.apply(i));
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
      assertThat(ack.hasSendAck()).as("bob's send %d during the flood: %s", i, ack).isTrue();
    }
    assertThat(DeviceLogins.takeMessages(eves, 20, WAIT)).hasSize(20);
    for (Thread t : flooders) {
      t.join(WAIT.toMillis());
    }
    int accepted = 0;
    int limited = 0;
    for (int i = 0; i < sockets.size(); i++) {
      for (long id : sent.get(i)) {
        Frame answer = sockets.get(i).awaitResponse(id, WAIT);
        if (answer.hasInviteToGroupResponse()) {
          accepted++;
        } else {
          assertThat(code(answer)).as("a refused invite").isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat(answer.getError().getRetryAfterMs()).as("refusals say when to retry").isPositive();
          limited++;
        }
      }
    }
    System.out.println("invite flood answered in " + (System.nanoTime() - floodStart) / 1_000_000
        + " ms; slowest 1:1 send " + slowestNanos / 1_000_000 + " ms");
    assertThat(accepted + limited).isEqualTo(10_000);
    assertThat(accepted).as("the user's invite budget holds across its sockets").isEqualTo(INVITES_PER_WINDOW);
    assertThat(bobs.request(Requests.ping()).hasPong()).isTrue();
  }
}
