package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.PRESENCE_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.TYPING_EVENT;
import static dev.parley.server.DeviceLogins.code;
import static dev.parley.server.GroupFrames.createGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.TypingState;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking and typing indicators over real sockets, on two chat nodes that share their stores and
 * relay to each other over gRPC: what a block refuses (messages, friend requests, group invites),
 * the blocker's presence hidden from the blocked user and shown again after an unblock, and typing
 * relayed 1:1 and to a group across nodes, never to a blocker, and rate-limited per user across
 * sockets.
 */
class BlockingAndTypingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(300);

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
    cluster.befriend(lee, max);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static Frame.Builder block(long userId) {
    return Frame.newBuilder().setBlockUser(ChatProtocol.BlockUserRequest.newBuilder().setUserId(userId));
  }

  private static Frame.Builder unblock(long userId) {
    return Frame.newBuilder().setUnblockUser(ChatProtocol.UnblockUserRequest.newBuilder().setUserId(userId));
  }

  private static Frame.Builder typingTo(long userId, TypingState state) {
    return Frame.newBuilder().setTyping(ChatProtocol.TypingRequest.newBuilder().setToUserId(userId).setState(state));
  }

  private static Frame.Builder typingIn(long groupId, TypingState state) {
    return Frame.newBuilder().setTyping(ChatProtocol.TypingRequest.newBuilder().setGroupId(groupId).setState(state));
  }

  private static void ok(Frame answer) {
    assertThat(answer.hasEmptyResponse()).as("answer %s", answer).isTrue();
  }

  private static boolean onlineIn(Frame listOrLogin, long friendId) {
    List<ChatProtocol.Friend> friends = listOrLogin.hasLoginResponse() ? listOrLogin.getLoginResponse().getFriendsList()
        : listOrLogin.getListFriendsResponse().getFriendsList();
    return friends.stream().filter(f -> f.getProfile().getUserId() == friendId).findFirst().orElseThrow().getOnline();
  }

  private static Frame listFriends(TestChatClient c) {
    return c.request(Frame.newBuilder().setListFriends(ChatProtocol.ListFriendsRequest.getDefaultInstance()));
  }

  @Test
  void aBlockedUsersMessageIsRefusedAndReachesNeitherTheBlockerNorAMailbox() {
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient lees = cluster.login(node2, lee);
    ok(kims.request(block(lee.id())));

    Frame answer = lees.request(Requests.send(kim.id(), "c1", "let me in"));

    assertThat(code(answer)).isEqualTo(ErrorCode.BLOCKED);
    assertThat(answer.getError().getMessage()).contains("does not accept messages from you");
    assertThat(kims.awaitPush(MESSAGE_EVENT, QUIET)).isNull();
    assertThat(cluster.messages.lastSeq(kim.id())).isZero();
    assertThat(cluster.messages.lastSeq(lee.id())).isZero();
    // the blocker may still write, and after an unblock the other way works again
    assertThat(kims.request(Requests.send(lee.id(), "k1", "bye")).hasSendAck()).isTrue();
    ok(kims.request(unblock(lee.id())));
    assertThat(lees.request(Requests.send(kim.id(), "c2", "hello again")).hasSendAck()).isTrue();
    assertThat(kims.awaitPush(MESSAGE_EVENT, WAIT)).isNotNull();
  }

  @Test
  void aFriendRequestToTheBlockerIsRefused() {
    TestUser stranger = cluster.newUser("ned");
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient neds = cluster.login(node2, stranger);
    ok(kims.request(block(stranger.id())));

    Frame answer = neds.request(Requests.friendRequest(kim.id(), "hi"));

    assertThat(code(answer)).isEqualTo(ErrorCode.BLOCKED);
    assertThat(kims.awaitPush(Frame.BodyCase.FRIEND_REQUEST_EVENT, QUIET)).isNull();
  }

  @Test
  void aBlockerWhoBefriendsTheBlockedUserStillShowsOfflineToThem() {
    TestUser stranger = cluster.newUser("ned");
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient neds = cluster.login(node2, stranger);
    ok(kims.request(block(stranger.id())));
    // the blocker may ask; the blocked user's accept answers with the blocker shown offline
    assertThat(kims.request(Requests.friendRequest(stranger.id(), "hi")).hasFriendRequestResponse()).isTrue();
    neds.awaitPush(Frame.BodyCase.FRIEND_REQUEST_EVENT, WAIT);

    Frame accepted = neds.request(Requests.answer(kim.id(), true));

    assertThat(accepted.getAnswerFriendRequestResponse().getFriend().getProfile().getUserId()).isEqualTo(kim.id());
    assertThat(accepted.getAnswerFriendRequestResponse().getFriend().getOnline()).isFalse();
    // the blocker hears of the new friend, who is online for them
    Frame added = kims.awaitPush(Frame.BodyCase.FRIEND_ADDED_EVENT, WAIT);
    assertThat(added.getFriendAddedEvent().getFriend().getProfile().getUserId()).isEqualTo(stranger.id());
    assertThat(added.getFriendAddedEvent().getFriend().getOnline()).isTrue();
    Frame toldNed = neds.awaitPush(Frame.BodyCase.FRIEND_ADDED_EVENT, WAIT); // every session of the accepter hears it too
    assertThat(toldNed.getFriendAddedEvent().getFriend().getProfile().getUserId()).isEqualTo(kim.id());
    assertThat(toldNed.getFriendAddedEvent().getFriend().getOnline()).isFalse();
    assertThat(onlineIn(listFriends(neds), kim.id())).isFalse();
  }

  @Test
  void aGroupInviteOfTheBlockerIsRefused() {
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient lees = cluster.login(node2, lee);
    ok(kims.request(block(lee.id())));
    long group = createGroup(lees, "club", List.of(max.id()));

    Frame answer = lees.request(GroupFrames.invite(group, List.of(kim.id())));

    assertThat(code(answer)).isEqualTo(ErrorCode.BLOCKED);
    assertThat(cluster.groups.member(group, kim.id())).isEmpty();
    assertThat(code(lees.request(GroupFrames.create("club2", List.of(kim.id(), max.id())))))
        .isEqualTo(ErrorCode.BLOCKED);
  }

  @Test
  void theBlockersPresenceIsHiddenFromTheBlockedUserAndShownAgainAfterAnUnblock() {
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient lees = cluster.login(node2, lee);
    assertThat(lees.awaitPush(PRESENCE_EVENT, QUIET)).isNull(); // kim was online before lee
    assertThat(onlineIn(listFriends(lees), kim.id())).isTrue();

    ok(kims.request(block(lee.id())));

    Frame hidden = lees.awaitPush(PRESENCE_EVENT, WAIT);
    assertThat(hidden.getPresenceEvent().getUserId()).isEqualTo(kim.id());
    assertThat(hidden.getPresenceEvent().getOnline()).isFalse();
    assertThat(onlineIn(listFriends(lees), kim.id())).isFalse();
    // a second session of kim, and its end, tell lee nothing; a new login of lee shows kim offline
    TestChatClient kimsPhone = DeviceLogins.loginDevice(cluster, node2, kim, "kim-phone", Platform.MOBILE);
    assertThat(lees.awaitPush(PRESENCE_EVENT, QUIET)).isNull();
    TestChatClient leesPhone = DeviceLogins.loginDevice(cluster, node1, lee, "lee-phone", Platform.MOBILE);
    Frame leeLogin = leesPhone.request(Frame.newBuilder().setListFriends(
        ChatProtocol.ListFriendsRequest.getDefaultInstance()));
    assertThat(onlineIn(leeLogin, kim.id())).isFalse();
    // kim still sees lee: the block hides only the blocker
    assertThat(onlineIn(listFriends(kims), lee.id())).isTrue();
    // max, not blocked, sees kim online
    TestChatClient maxs = cluster.login(node1, max);
    assertThat(onlineIn(listFriends(maxs), kim.id())).isTrue();

    ok(kims.request(unblock(lee.id())));

    Frame shown = lees.awaitPush(f -> f.hasPresenceEvent() && f.getPresenceEvent().getUserId() == kim.id(), WAIT);
    assertThat(shown.getPresenceEvent().getUserId()).isEqualTo(kim.id());
    assertThat(shown.getPresenceEvent().getOnline()).isTrue();
    assertThat(onlineIn(listFriends(lees), kim.id())).isTrue();
    kimsPhone.close();
  }

  @Test
  void aBlockerWhoLogsInLaterIsNotAnnouncedToTheBlockedUser() {
    TestChatClient lees = cluster.login(node2, lee);
    TestChatClient first = cluster.login(node1, kim);
    assertThat(lees.awaitPush(PRESENCE_EVENT, WAIT).getPresenceEvent().getOnline()).isTrue();
    ok(first.request(block(lee.id())));
    assertThat(lees.awaitPush(PRESENCE_EVENT, WAIT).getPresenceEvent().getOnline()).isFalse();
    first.close();
    assertThat(lees.awaitPush(PRESENCE_EVENT, QUIET)).as("kim's going offline is not told either").isNull();

    TestChatClient again = cluster.login(node1, kim);

    assertThat(lees.awaitPush(PRESENCE_EVENT, QUIET)).isNull();
    assertThat(onlineIn(listFriends(lees), kim.id())).isFalse();
    assertThat(again.request(Requests.ping()).hasError()).isFalse();
  }

  @Test
  void typingIsRelayedToThePeersSessionsOnEveryNodeButNotStored() {
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient leeDesktop = DeviceLogins.loginDevice(cluster, node1, lee, "lee-desktop", Platform.DESKTOP);
    TestChatClient leePhone = DeviceLogins.loginDevice(cluster, node2, lee, "lee-phone", Platform.MOBILE);

    ok(kims.request(typingTo(lee.id(), TypingState.TYPING)));

    for (TestChatClient c : List.of(leeDesktop, leePhone)) {
      ChatProtocol.TypingEvent e = c.awaitPush(TYPING_EVENT, WAIT).getTypingEvent();
      assertThat(e.getFromUserId()).isEqualTo(kim.id());
      assertThat(e.getToUserId()).isEqualTo(lee.id());
      assertThat(e.getGroupId()).isZero();
      assertThat(e.getState()).isEqualTo(TypingState.TYPING);
    }
    ok(kims.request(typingTo(lee.id(), TypingState.STOPPED)));
    assertThat(leePhone.awaitPush(TYPING_EVENT, WAIT).getTypingEvent().getState()).isEqualTo(TypingState.STOPPED);
    assertThat(kims.awaitPush(TYPING_EVENT, QUIET)).as("not echoed to the sender").isNull();
    assertThat(cluster.messages.lastSeq(lee.id())).isZero();
  }

  @Test
  void typingToABlockerIsAnsweredButGoesNowhere() {
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient lees = cluster.login(node2, lee);
    ok(kims.request(block(lee.id())));

    ok(lees.request(typingTo(kim.id(), TypingState.TYPING)));

    assertThat(kims.awaitPush(TYPING_EVENT, QUIET)).isNull();
    ok(kims.request(typingTo(lee.id(), TypingState.TYPING))); // the blocker's own typing still goes
    assertThat(lees.awaitPush(TYPING_EVENT, WAIT)).isNotNull();
  }

  @Test
  void typingToAStrangerIsRefusedAndABadRequestIsBadRequest() {
    TestUser stranger = cluster.newUser("ned");
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient neds = cluster.login(node2, stranger);

    assertThat(code(kims.request(typingTo(stranger.id(), TypingState.TYPING)))).isEqualTo(ErrorCode.NOT_FRIENDS);
    assertThat(code(kims.request(Frame.newBuilder().setTyping(ChatProtocol.TypingRequest.newBuilder()
        .setToUserId(lee.id()).setGroupId(5).setState(TypingState.TYPING))))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(kims.request(Frame.newBuilder().setTyping(ChatProtocol.TypingRequest.newBuilder()
        .setState(TypingState.TYPING))))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(kims.request(typingTo(lee.id(), TypingState.TYPING_STATE_UNSPECIFIED))))
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(kims.request(typingTo(kim.id(), TypingState.TYPING)))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(neds.awaitPush(TYPING_EVENT, QUIET)).isNull();
  }

  @Test
  void groupTypingReachesTheOtherMembersOnBothNodesAndNeedsMembership() {
    TestChatClient kims = cluster.login(node1, kim);
    TestChatClient lees = cluster.login(node2, lee);
    TestChatClient maxs = cluster.login(node1, max);
    TestUser outsider = cluster.newUser("ned");
    TestChatClient neds = cluster.login(node2, outsider);
    long group = createGroup(kims, "trio", List.of(lee.id(), max.id()));

    ok(kims.request(typingIn(group, TypingState.TYPING)));

    for (TestChatClient c : List.of(lees, maxs)) {
      ChatProtocol.TypingEvent e = c.awaitPush(TYPING_EVENT, WAIT).getTypingEvent();
      assertThat(e.getFromUserId()).isEqualTo(kim.id());
      assertThat(e.getGroupId()).isEqualTo(group);
      assertThat(e.getToUserId()).isZero();
    }
    assertThat(kims.awaitPush(TYPING_EVENT, QUIET)).isNull();
    assertThat(code(neds.request(typingIn(group, TypingState.TYPING)))).isEqualTo(ErrorCode.NOT_A_MEMBER);
    assertThat(code(neds.request(typingIn(group + 1000, TypingState.TYPING)))).isEqualTo(ErrorCode.NOT_A_MEMBER);
    assertThat(lees.awaitPush(TYPING_EVENT, QUIET)).isNull();
  }

  @Test
  void typingIsRateLimitedPerSessionAndPerUserAcrossSockets() {
    TestChatClient lees = cluster.login(node2, lee);
    List<TestChatClient> kims = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      kims.add(DeviceLogins.loginDevice(cluster, node1, kim, "kim-" + i, Platform.values()[i % 3]));
    }
    // one session: its burst, then RATE_LIMITED
    TestChatClient one = kims.get(0);
    int accepted = 0;
    for (int i = 0; i < 7; i++) {
      Frame answer = one.request(typingTo(lee.id(), TypingState.TYPING));
      if (answer.hasEmptyResponse()) {
        accepted++;
      } else {
        assertThat(code(answer)).isEqualTo(ErrorCode.RATE_LIMITED);
      }
    }
    assertThat(accepted).as("one session's burst (plus what refilled meanwhile)").isBetween(5, 6);
    // the other sessions share the user's budget: together they get fewer than their own bursts
    int others = 0;
    int refused = 0;
    for (int i = 0; i < 5; i++) {
      for (TestChatClient c : kims.subList(1, 3)) {
        Frame answer = c.request(typingTo(lee.id(), TypingState.TYPING));
        if (answer.hasEmptyResponse()) {
          others++;
        } else {
          assertThat(code(answer)).isEqualTo(ErrorCode.RATE_LIMITED);
          refused++;
        }
      }
    }
    assertThat(refused).as("the user's limit holds across its sockets").isPositive();
    assertThat(accepted + others).isLessThan(5 * 3);
    int relayed = 0;
    while (lees.awaitPush(TYPING_EVENT, QUIET) != null) {
      relayed++;
    }
    assertThat(relayed).as("only accepted indicators are relayed").isEqualTo(accepted + others);
  }
}
