package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.protocol.ChatProtocol.SyncGroupResponse;
import dev.parley.sdk.GroupMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Per-group ordering against a hand-driven node: each group's own seq, gaps in pushes filled by
 * SyncGroup, syncs after login only where the group moved on, entries from before joining skipped,
 * and groups the user left no longer synced.
 */
class GroupSyncTest {
  private static final long SELF = 1;
  private static final long G1 = 501;
  private static final long G2 = 502;
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final FakeNode node = new FakeNode();
  /** "group:seq" in delivery order, and the afterSeq each run was handed on with. */
  private final List<String> delivered = new ArrayList<>();
  private final List<String> runs = new ArrayList<>();

  private GroupSync sync(Map<Long, Long> stored) {
    return new GroupSync(node.loop(), stored, FakeNode.REQUEST_TIMEOUT, RETRY, (group, after, run) -> {
      runs.add(group + ">" + after);
      run.forEach(e -> delivered.add(group + ":" + e.seq()));
    });
  }

  @Test
  void afterLoginOnlyGroupsThatMovedOnAreSyncedEachFromItsOwnPosition() {
    GroupSync sync = sync(Map.of(G1, 4L, G2, 7L));
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 6, 0), summary(G2, 7, 0)));

    Frame first = node.expect(BodyCase.SYNC_GROUP);
    assertThat(first.getSyncGroup().getGroupId()).isEqualTo(G1);
    assertThat(first.getSyncGroup().getAfterSeq()).isEqualTo(4);
    assertThat(first.getSyncGroup().getLimit()).isEqualTo(GroupSync.PAGE_SIZE);
    assertThat(node.nextRequest()).as("group 2 is up to date: no sync").isNull();
    node.answer(first, page(G1, false, 5, 6));

    assertThat(delivered).containsExactly(G1 + ":5", G1 + ":6");
    assertThat(sync.position(G1)).isEqualTo(6);
    assertThat(sync.position(G2)).isEqualTo(7);
  }

  @Test
  void aPushThatSkipsAheadIsHeldWhileSyncGroupFillsTheGapAndOtherGroupsAreNotHeldUp() {
    GroupSync sync = sync(Map.of(G1, 2L, G2, 0L));
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 2, 0), summary(G2, 0, 0)));
    assertThat(node.nextRequest()).isNull();

    sync.onPushed(text(G1, 3), null);
    sync.onPushed(text(G1, 6), null);
    sync.onPushed(text(G2, 1), null);
    sync.onPushed(text(G1, 5), null);
    assertThat(delivered).containsExactly(G1 + ":3", G2 + ":1");

    Frame gap = node.expect(BodyCase.SYNC_GROUP);
    assertThat(gap.getSyncGroup().getGroupId()).isEqualTo(G1);
    assertThat(gap.getSyncGroup().getAfterSeq()).isEqualTo(3);
    assertThat(node.nextRequest()).as("one sync per gap, not one per push").isNull();
    node.answer(gap, page(G1, false, 4, 5, 6));

    assertThat(delivered).containsExactly(G1 + ":3", G2 + ":1", G1 + ":4", G1 + ":5", G1 + ":6");
    sync.onPushed(text(G1, 5), null);
    sync.onPushed(text(G1, 6), null);
    assertThat(delivered).as("repeats are dropped").hasSize(5);
    assertThat(node.nextRequest()).isNull();
  }

  @Test
  void syncPagesContinueUntilTheServerHasNoMore() {
    GroupSync sync = sync(Map.of());
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 4, 0)));
    Frame first = node.expect(BodyCase.SYNC_GROUP);
    assertThat(first.getSyncGroup().getAfterSeq()).isZero();
    node.answer(first, page(G1, true, 1, 2));
    Frame second = node.expect(BodyCase.SYNC_GROUP);
    assertThat(second.getSyncGroup().getAfterSeq()).isEqualTo(2);
    node.answer(second, page(G1, false, 3, 4));

    assertThat(delivered).containsExactly(G1 + ":1", G1 + ":2", G1 + ":3", G1 + ":4");
    assertThat(node.nextRequest()).isNull();
  }

  @Test
  void aMemberStartsAfterItsJoinedSeqAndASyncThatStartsLaterSkipsTheInvisibleEntries() {
    GroupSync sync = sync(Map.of());
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 12, 10)));
    Frame first = node.expect(BodyCase.SYNC_GROUP);
    assertThat(first.getSyncGroup().getAfterSeq()).as("from the joined seq").isEqualTo(10);
    node.answer(first, page(G1, false, 11, 12));
    assertThat(runs).containsExactly(G1 + ">10");

    // a group met first through a push (the login did not list it): from 0, and the server's first entry says where
    sync.onPushed(text(G2, 31), null);
    Frame other = node.expect(BodyCase.SYNC_GROUP);
    assertThat(other.getSyncGroup().getGroupId()).isEqualTo(G2);
    assertThat(other.getSyncGroup().getAfterSeq()).isZero();
    node.answer(other, page(G2, false, 30, 31));

    assertThat(delivered).containsExactly(G1 + ":11", G1 + ":12", G2 + ":30", G2 + ":31");
    assertThat(runs).containsExactly(G1 + ">10", G2 + ">29");
  }

  @Test
  void ownSendsAreOrderedWithPushes() {
    GroupSync sync = sync(Map.of(G1, 1L));
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 1, 0)));
    sync.onOwnEntry(own(G1, 3));
    sync.onPushed(text(G1, 2), null);

    assertThat(delivered).containsExactly(G1 + ":2", G1 + ":3");
    Frame gap = node.expect(BodyCase.SYNC_GROUP);
    node.answer(gap, page(G1, false, 2, 3));
    assertThat(delivered).hasSize(2);
  }

  @Test
  void aKickStopsSyncingTheGroupAndLaterSyncAnswersAreIgnored() {
    GroupSync sync = sync(Map.of(G1, 1L));
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 1, 0)));
    sync.onPushed(text(G1, 4), null);
    Frame gap = node.expect(BodyCase.SYNC_GROUP);

    sync.onPushed(system(G1, 2, GroupMessageKind.MEMBER_KICKED, SELF), group(G1, 2));
    assertThat(sync.tracked()).doesNotContain(G1);
    node.answer(gap, page(G1, false, 3, 4));

    assertThat(delivered).containsExactly(G1 + ":2");
    assertThat(node.nextRequest()).isNull();
  }

  @Test
  void aSyncRefusedWithNotAMemberStopsTheGroupInsteadOfRetrying() {
    GroupSync sync = sync(Map.of(G1, 1L));
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 5, 0)));
    node.refuse(node.expect(BodyCase.SYNC_GROUP), ChatProtocol.ErrorCode.NOT_A_MEMBER, 0);

    node.advance(RETRY.multipliedBy(2));
    assertThat(node.nextRequest()).isNull();
    assertThat(sync.tracked()).isEmpty();
  }

  @Test
  void aFailedSyncIsRetriedAfterTheRetryDelay() {
    GroupSync sync = sync(Map.of());
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 1, 0)));
    node.refuse(node.expect(BodyCase.SYNC_GROUP), ChatProtocol.ErrorCode.INTERNAL, 0);

    node.advance(RETRY.minusMillis(100));
    assertThat(node.nextRequest()).isNull();
    node.advance(Duration.ofMillis(200));
    node.answer(node.expect(BodyCase.SYNC_GROUP), page(G1, false, 1));
    assertThat(delivered).containsExactly(G1 + ":1");
  }

  @Test
  void aNewLoginForgetsGroupsTheUserLeftAndResumesTheOthersWhereTheyWere() {
    GroupSync sync = sync(Map.of());
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 2, 0), summary(G2, 1, 0)));
    node.answer(node.expect(BodyCase.SYNC_GROUP), page(G1, false, 1, 2));
    node.answer(node.expect(BodyCase.SYNC_GROUP), page(G2, false, 1));
    node.disconnect();
    sync.onDisconnected();

    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 4, 0)));
    Frame resume = node.expect(BodyCase.SYNC_GROUP);
    assertThat(resume.getSyncGroup().getAfterSeq()).isEqualTo(2);
    node.answer(resume, page(G1, false, 3, 4));

    assertThat(sync.tracked()).containsExactly(G1);
    assertThat(delivered).containsExactly(G1 + ":1", G1 + ":2", G2 + ":1", G1 + ":3", G1 + ":4");
  }

  @Test
  void aFullBufferDropsWhatIsHeldAndTheSyncBringsItAgain() {
    GroupSync sync = sync(Map.of());
    sync.onLoggedIn(node.connect(), SELF, List.of(summary(G1, 0, 0)));
    for (long seq = 2; seq <= GroupSync.MAX_BUFFERED_AHEAD + 11; seq++) {
      sync.onPushed(text(G1, seq), null);
    }
    Frame gap = node.expect(BodyCase.SYNC_GROUP);
    assertThat(gap.getSyncGroup().getAfterSeq()).isZero();
    node.answer(gap, page(G1, true, LongStream.rangeClosed(1, 100).toArray()));
    Frame next = node.expect(BodyCase.SYNC_GROUP);
    assertThat(next.getSyncGroup().getAfterSeq()).as("the buffered entries were handed on").isEqualTo(1001);
    node.answer(next, page(G1, false, LongStream.rangeClosed(1002, 1011).toArray()));

    assertThat(delivered).hasSize(1011).doesNotHaveDuplicates();
    assertThat(delivered.get(1010)).isEqualTo(G1 + ":1011");
  }

  static ChatProtocol.GroupSummary summary(long groupId, long lastSeq, long joinedSeq) {
    return ChatProtocol.GroupSummary.newBuilder().setGroup(group(groupId, lastSeq))
        .setSelf(ChatProtocol.GroupMember.newBuilder().setUserId(SELF).setRoleValue(3).setJoinedSeq(joinedSeq)).build();
  }

  static ChatProtocol.Group group(long groupId, long lastSeq) {
    return ChatProtocol.Group.newBuilder().setGroupId(groupId).setName("g" + groupId).setLastSeq(lastSeq).build();
  }

  static ChatProtocol.GroupMessage text(long groupId, long seq) {
    return ChatProtocol.GroupMessage.newBuilder().setGroupId(groupId).setSeq(seq).setMessageId(1000 + seq)
        .setSenderId(2).setClientMsgId("m" + seq).setText("t" + seq).setSentAtMs(1_000)
        .setKindValue(GroupMessageKind.TEXT.wireValue()).build();
  }

  static ChatProtocol.GroupMessage system(long groupId, long seq, GroupMessageKind kind, long target) {
    return ChatProtocol.GroupMessage.newBuilder().setGroupId(groupId).setSeq(seq).setMessageId(1000 + seq)
        .setSenderId(2).setSentAtMs(1_000).setKindValue(kind.wireValue()).addTargetIds(target).build();
  }

  private static GroupMessage own(long groupId, long seq) {
    return new GroupMessage(groupId, seq, 1000 + seq, SELF, "m" + seq, "t" + seq, Instant.EPOCH,
        GroupMessageKind.TEXT, List.of(), null, null, true);
  }

  private static Frame.Builder page(long groupId, boolean hasMore, long... seqs) {
    SyncGroupResponse.Builder page = SyncGroupResponse.newBuilder().setGroupId(groupId).setHasMore(hasMore);
    LongStream.of(seqs).forEach(s -> page.addMessages(text(groupId, s)));
    return Frame.newBuilder().setSyncGroupResponse(page);
  }
}
