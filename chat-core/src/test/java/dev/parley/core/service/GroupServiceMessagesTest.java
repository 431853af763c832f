package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupLogPage;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.User;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sending, sync, history, acks and read counts through {@link GroupService}: what a member sees is
 * what followed its joined seq.
 */
class GroupServiceMessagesTest {
  private final GroupFixture g = new GroupFixture();
  private final User alice = g.user("Alice");
  private final User bob = g.friendOf("Bob", alice);
  private final User carol = g.friendOf("Carol", alice);
  private final User dave = g.friendOf("Dave", alice);
  private Group group;

  @BeforeEach
  void setUp() {
    group = g.group(alice, bob, carol);
  }

  // ---- send ----

  @Test
  void aMessageGetsTheNextSeqAndIsPublishedToEveryMember() {
    GroupAppendResult result = g.groups.send(bob.id(), "bob-phone", group.id(), "m1", "hello all");

    assertThat(result.duplicate()).isFalse();
    GroupMessage m = result.message();
    assertThat(m.seq()).isEqualTo(2);
    assertThat(m.kind()).isEqualTo(GroupMessageKind.TEXT);
    assertThat(m.senderId()).isEqualTo(bob.id());
    assertThat(m.clientMsgId()).isEqualTo("m1");
    assertThat(m.text()).isEqualTo("hello all");
    assertThat(m.sentAt()).isEqualTo(g.clock.instant());
    assertThat(g.current(group).lastSeq()).isEqualTo(2);
    assertThat(g.events.groupMessages()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo(m);
      assertThat(e.memberIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
      assertThat(e.originSessionId()).isEqualTo("bob-phone");
    });
    assertThat(g.events.groupUpdates()).isEmpty();
  }

  @Test
  void aRetryReturnsTheOriginalAsADuplicateAndPublishesNothing() {
    GroupAppendResult first = g.groups.send(bob.id(), "s1", group.id(), "m1", "once");

    GroupAppendResult retry = g.groups.send(bob.id(), "s2", group.id(), "m1", "once");

    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.message()).isEqualTo(first.message());
    assertThat(g.current(group).lastSeq()).isEqualTo(2);
    assertThat(g.events.groupMessages()).hasSize(1);
    assertThat(g.groups.send(carol.id(), null, group.id(), "m1", "other sender, same id").duplicate())
        .as("the id is per sender").isFalse();
  }

  @Test
  void sendAsyncCompletesWithTheStoredMessage() {
    GroupAppendResult result = g.groups.sendAsync(alice.id(), null, group.id(), "a1", "async").join();

    assertThat(result.message().seq()).isEqualTo(2);
    assertThat(g.events.groupMessages()).extracting(e -> e.message().seq()).containsExactly(2L);
  }

  @Test
  void aNonMemberMayNotSend() {
    ChatException e = expectError(ErrorCode.NOT_A_MEMBER, () -> g.send(dave, group, "let me in"));

    assertThat(e).hasMessageContaining("user " + dave.id() + " is not a member of group " + group.id());
    assertThat(g.current(group).lastSeq()).isEqualTo(1);
    assertThat(g.events.groupMessages()).isEmpty();
    ChatException async = expectError(ErrorCode.NOT_A_MEMBER,
        () -> g.groups.sendAsync(dave.id(), null, group.id(), "d1", "async too"));
    assertThat(async).hasMessageContaining("not a member");
  }

  @Test
  void aMemberWhoLeftMayNotSend() {
    g.send(bob, group, "bye");
    g.groups.leave(bob.id(), group.id());
    g.events.clear();

    ChatException e = expectError(ErrorCode.NOT_A_MEMBER, () -> g.send(bob, group, "one more"));

    assertThat(e).hasMessageContaining("user " + bob.id() + " is not a member of group " + group.id());
    assertThat(g.events.groupMessages()).isEmpty();
  }

  @Test
  void sendingToAGroupThatDoesNotExistIsNotFound() {
    ChatException e = expectError(ErrorCode.NOT_FOUND, () -> g.groups.send(alice.id(), null, 424_242, "x", "hi"));

    assertThat(e).hasMessageContaining("group 424242 does not exist");
  }

  @Test
  void malformedSendsAreRefused() {
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.send(bob.id(), null, group.id(), null, "hi"));
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.send(bob.id(), null, group.id(), "  ", "hi"));
    ChatException id = expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.send(bob.id(), null, group.id(), "x".repeat(dev.parley.core.model.Message.MAX_CLIENT_MSG_ID + 1),
            "hi"));
    assertThat(id).hasMessageContaining("clientMsgId");
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.send(bob.id(), null, group.id(), "m", " \u200B "));
    ChatException tooLong = expectError(ErrorCode.TEXT_TOO_LONG, () -> g.groups.send(bob.id(), null, group.id(), "m",
        "x".repeat(ChatLimits.defaults().maxTextLength() + 1)));
    assertThat(tooLong).hasMessageContaining("limit is " + ChatLimits.defaults().maxTextLength());
    assertThat(g.current(group).lastSeq()).isEqualTo(1);
  }

  // ---- sync and history ----

  @Test
  void syncReturnsTheLogAscendingInPages() {
    for (int i = 1; i <= 4; i++) {
      g.send(alice, group, "m" + i);
    }

    GroupLogPage first = g.groups.sync(bob.id(), group.id(), 0, 3);
    GroupLogPage second = g.groups.sync(bob.id(), group.id(), 3, 3);

    assertThat(first.messages()).extracting(GroupMessage::seq).containsExactly(1L, 2L, 3L);
    assertThat(first.messages().get(0).kind()).isEqualTo(GroupMessageKind.GROUP_CREATED);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.lastSeq()).isEqualTo(5);
    assertThat(second.messages()).extracting(GroupMessage::text).containsExactly("m3", "m4");
    assertThat(second.hasMore()).isFalse();
    assertThat(g.groups.sync(bob.id(), group.id(), 5, 3).messages()).isEmpty();
  }

  @Test
  void aMemberAddedLaterSeesNothingAtOrBelowItsJoinedSeq() {
    g.send(alice, group, "before dave 1");
    g.send(bob, group, "before dave 2");
    GroupMessage joined = g.groups.invite(alice.id(), group.id(), List.of(dave.id())).systemMessage();
    g.send(carol, group, "after dave");
    long joinedSeq = g.groupStore.member(group.id(), dave.id()).orElseThrow().joinedSeq();
    assertThat(joinedSeq).isEqualTo(joined.seq() - 1).isEqualTo(3);

    GroupLogPage fromZero = g.groups.sync(dave.id(), group.id(), 0, 50);
    GroupLogPage fromOne = g.groups.sync(dave.id(), group.id(), 1, 50);
    GroupLogPage history = g.groups.history(dave.id(), group.id(), 0, 50);

    assertThat(fromZero.messages()).extracting(GroupMessage::seq).containsExactly(4L, 5L);
    assertThat(fromZero.messages().get(0)).isEqualTo(joined);
    assertThat(fromZero.hasMore()).isFalse();
    assertThat(fromZero.lastSeq()).isEqualTo(5);
    assertThat(fromOne.messages()).as("a lower afterSeq starts at the joined seq").isEqualTo(fromZero.messages());
    assertThat(history.messages()).extracting(GroupMessage::seq).containsExactly(5L, 4L);
    assertThat(history.hasMore()).as("nothing visible below").isFalse();
    assertThat(g.groups.history(dave.id(), group.id(), 4, 50).messages()).isEmpty();
    assertThat(g.groups.history(bob.id(), group.id(), 4, 50).messages()).extracting(GroupMessage::seq)
        .as("an original member sees everything").containsExactly(3L, 2L, 1L);
  }

  @Test
  void historyIsNewestFirstInPagesBeforeASeq() {
    for (int i = 1; i <= 5; i++) {
      g.send(bob, group, "m" + i);
    }

    GroupLogPage newest = g.groups.history(carol.id(), group.id(), 0, 2);
    GroupLogPage older = g.groups.history(carol.id(), group.id(), 5, 2);
    GroupLogPage oldest = g.groups.history(carol.id(), group.id(), 3, 2);

    assertThat(newest.messages()).extracting(GroupMessage::seq).containsExactly(6L, 5L);
    assertThat(newest.hasMore()).isTrue();
    assertThat(newest.lastSeq()).isEqualTo(6);
    assertThat(older.messages()).extracting(GroupMessage::seq).containsExactly(4L, 3L);
    assertThat(older.hasMore()).isTrue();
    assertThat(oldest.messages()).extracting(GroupMessage::seq).containsExactly(2L, 1L);
    assertThat(oldest.hasMore()).isFalse();
  }

  @Test
  void aMemberWhoRejoinedSeesOnlyWhatFollowedTheRejoin() {
    g.groups.leave(bob.id(), group.id());
    g.send(alice, group, "while bob was away");
    g.groups.invite(alice.id(), group.id(), List.of(bob.id()));

    assertThat(g.groups.sync(bob.id(), group.id(), 0, 50).messages()).extracting(GroupMessage::kind)
        .containsExactly(GroupMessageKind.MEMBERS_JOINED);
    assertThat(g.groups.history(bob.id(), group.id(), 0, 50).messages()).hasSize(1);
  }

  @Test
  void onlyMembersSyncOrReadHistoryAndSeqsAreNotNegative() {
    ChatException sync = expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.sync(dave.id(), group.id(), 0, 10));
    ChatException history = expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.history(dave.id(), group.id(), 0, 10));

    assertThat(sync).hasMessageContaining("user " + dave.id() + " is not a member of group " + group.id());
    assertThat(history).hasMessageContaining("user " + dave.id() + " is not a member of group " + group.id());
    ChatException negative = expectError(ErrorCode.BAD_REQUEST, () -> g.groups.sync(bob.id(), group.id(), -1, 10));
    assertThat(negative).hasMessageContaining("afterSeq must not be negative, was -1");
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.history(bob.id(), group.id(), -1, 10));
    expectError(ErrorCode.NOT_FOUND, () -> g.groups.sync(bob.id(), 424_242, 0, 10));
  }

  // ---- ack and read counts ----

  @Test
  void acksMoveTheReadPositionForwardOnly() {
    for (int i = 1; i <= 3; i++) {
      g.send(alice, group, "m" + i);
    }

    AckResult three = g.groups.ack(bob.id(), group.id(), 3);
    AckResult back = g.groups.ack(bob.id(), group.id(), 2);
    AckResult beyond = g.groups.ack(bob.id(), group.id(), 99);

    assertThat(three.ackedSeq()).isEqualTo(3);
    assertThat(back).as("never down").isEqualTo(AckResult.unchanged(3));
    assertThat(beyond).as("capped at the last seq").isEqualTo(new AckResult(3, 4));
    assertThat(g.groupStore.member(group.id(), bob.id()).orElseThrow().readSeq()).isEqualTo(4);
    assertThat(g.groups.list(bob.id(), 10).get(0).unreadCount()).isZero();
  }

  @Test
  void onlyMembersAck() {
    ChatException e = expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.ack(dave.id(), group.id(), 1));

    assertThat(e).hasMessageContaining("user " + dave.id() + " is not a member of group " + group.id());
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.ack(bob.id(), group.id(), -1));
  }

  @Test
  void readCountCountsTheMembersWhoReadAnEntry() {
    long seq = g.send(alice, group, "read me").message().seq();
    int before = g.groups.readCount(bob.id(), group.id(), seq);

    g.groups.ack(bob.id(), group.id(), seq);
    int afterBob = g.groups.readCount(bob.id(), group.id(), seq);
    g.groups.ack(carol.id(), group.id(), seq);
    g.groups.ack(alice.id(), group.id(), seq);

    assertThat(afterBob).isEqualTo(before + 1);
    assertThat(g.groups.readCount(carol.id(), group.id(), seq)).isEqualTo(3);
    g.groups.invite(alice.id(), group.id(), List.of(dave.id()));
    g.groups.ack(dave.id(), group.id(), g.current(group).lastSeq());
    assertThat(g.groups.readCount(dave.id(), group.id(), seq)).as("dave joined after it").isEqualTo(3);
    ChatException e = expectError(ErrorCode.NOT_A_MEMBER,
        () -> g.groups.readCount(g.user("Outsider").id(), group.id(), seq));
    assertThat(e).hasMessageContaining("is not a member of group " + group.id());
  }
}
