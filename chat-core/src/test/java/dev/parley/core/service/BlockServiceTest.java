package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.model.BlockedUser;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocking in the services: what a block refuses, what it keeps, and the block calls' own limits. */
class BlockServiceTest {
  private final ServiceFixture f = new ServiceFixture();
  private final InMemoryBlockStore blockStore = new InMemoryBlockStore();
  private final BlockService blocks = new BlockService(f.users, blockStore, f.rateLimiter, f.clock);
  private final MessageService messages = new MessageService(f.users, f.friendStore, f.messageStore, f.events,
      f.limits, f.clock, MessagePolicy.NONE, blockStore);
  private final FriendService friends = new FriendService(f.users, f.friendStore, f.events, f.limits,
      f.rateLimiter, f.clock, blockStore);
  private final InMemoryGroupStore groupStore = new InMemoryGroupStore();
  private final GroupService groups = new GroupService(f.users, f.friendStore, groupStore,
      f.messageStore, f.events, f.limits, f.rateLimiter, f.clock, MessagePolicy.NONE, blockStore);

  @Test
  void aBlockedFriendsMessageIsRefusedAndGoesNowhere() {
    User kim = f.user("kim");
    User lee = f.user("lee");
    f.befriend(kim, lee);
    blocks.block(kim.id(), lee.id());

    var e = expectError(ErrorCode.BLOCKED, () -> messages.send(lee.id(), kim.id(), "c1", "hello"));

    assertThat(e.detail()).isEqualTo("this user does not accept messages from you");
    assertThat(f.events.stored()).isEmpty();
    assertThat(f.messageStore.lastSeq(kim.id())).isZero();
    assertThat(f.messageStore.lastSeq(lee.id())).isZero();
    // one-directional: the blocker may still write, and the friendship stays
    assertThat(messages.send(kim.id(), lee.id(), "c2", "bye").duplicate()).isFalse();
    assertThat(f.friendStore.areFriends(kim.id(), lee.id())).isTrue();
  }

  @Test
  void unblockLetsMessagesThroughAgain() {
    User kim = f.user("kim");
    User lee = f.user("lee");
    f.befriend(kim, lee);
    assertThat(blocks.block(kim.id(), lee.id())).isTrue();
    assertThat(blocks.unblock(kim.id(), lee.id())).isTrue();
    assertThat(blocks.unblock(kim.id(), lee.id())).isFalse();

    assertThat(messages.send(lee.id(), kim.id(), "c1", "hello").duplicate()).isFalse();
  }

  @Test
  void aStrangerWhoIsBlockedStillHearsNotFriendsFirst() {
    User kim = f.user("kim");
    User lee = f.user("lee");
    blocks.block(kim.id(), lee.id());

    expectError(ErrorCode.NOT_FRIENDS, () -> messages.send(lee.id(), kim.id(), "c1", "hello"));
  }

  @Test
  void aFriendRequestToABlockerIsRefused() {
    User kim = f.user("kim");
    User lee = f.user("lee");
    blocks.block(kim.id(), lee.id());

    var e = expectError(ErrorCode.BLOCKED, () -> friends.sendRequest(lee.id(), kim.id(), "hi", ""));

    assertThat(e.detail()).isEqualTo("this user does not accept friend requests from you");
    assertThat(f.friendStore.findPendingRequest(lee.id(), kim.id())).isEmpty();
    assertThat(f.events.requests()).isEmpty();
  }

  @Test
  void aBlockedUserCannotAcceptTheBlockersEarlierRequestByAskingBack() {
    User kim = f.user("kim");
    User lee = f.user("lee");
    friends.sendRequest(kim.id(), lee.id(), "hi", "");
    blocks.block(kim.id(), lee.id());

    expectError(ErrorCode.BLOCKED, () -> friends.sendRequest(lee.id(), kim.id(), "hi", ""));
    assertThat(f.friendStore.areFriends(kim.id(), lee.id())).isFalse();
  }

  @Test
  void aGroupInviteOrCreateNamingABlockerIsRefusedWhole() {
    User owner = f.user("own");
    User kim = f.user("kim");
    User lee = f.user("lee");
    f.befriend(owner, kim);
    f.befriend(owner, lee);
    blocks.block(kim.id(), owner.id());

    expectError(ErrorCode.BLOCKED, () -> groups.create(owner.id(), "g", List.of(kim.id(), lee.id()),
        JoinPolicy.INVITE_ONLY, false, "", ""));
    long groupId = groups.create(owner.id(), "g", List.of(lee.id()), JoinPolicy.INVITE_ONLY, false, "", "")
        .group().id();
    var e = expectError(ErrorCode.BLOCKED, () -> groups.invite(owner.id(), groupId, List.of(kim.id())));

    assertThat(e.detail()).isEqualTo("user " + kim.id() + " does not accept group invites from you");
    assertThat(groupStore.member(groupId, kim.id())).isEmpty();
    assertThat(groupStore.member(groupId, lee.id())).isPresent();
  }

  @Test
  void oneCannotBlockOneself() {
    User kim = f.user("kim");
    expectError(ErrorCode.BAD_REQUEST, () -> blocks.block(kim.id(), kim.id()));
    expectError(ErrorCode.BAD_REQUEST, () -> blocks.block(kim.id(), 0));
  }

  @Test
  void blockingAnUnknownIdAnswersLikeAKnownOneAndListsOnlyAccounts() {
    User kim = f.user("kim");
    User lee = f.user("lee");
    long nobody = lee.id() + 1_000_000;

    assertThat(blocks.block(kim.id(), nobody)).isTrue();
    assertThat(blocks.block(kim.id(), lee.id())).isTrue();
    f.clock.advance(Duration.ofSeconds(1));

    List<BlockedUser> listed = blocks.blocked(kim.id());
    assertThat(listed).extracting(b -> b.profile().userId()).containsExactly(lee.id());
    assertThat(blocks.unblock(kim.id(), nobody)).isTrue();
  }

  @Test
  void listsMostRecentFirst() {
    User kim = f.user("kim");
    User a = f.user("ann");
    User b = f.user("bob");
    blocks.block(kim.id(), a.id());
    f.clock.advance(Duration.ofSeconds(1));
    blocks.block(kim.id(), b.id());

    assertThat(blocks.blocked(kim.id())).extracting(x -> x.profile().userId()).containsExactly(b.id(), a.id());
    assertThat(blocks.blocked(kim.id()).get(0).blockedAt()).isEqualTo(f.clock.instant());
  }

  @Test
  void blockChangesAreRateLimitedPerUser() {
    User kim = f.user("kim");
    for (int i = 0; i < BlockService.CHANGES_PER_WINDOW; i++) {
      blocks.block(kim.id(), 10_000_000L + i);
    }
    expectError(ErrorCode.RATE_LIMITED, () -> blocks.unblock(kim.id(), 10_000_000L));
    f.clock.advance(BlockService.WINDOW);
    assertThat(blocks.unblock(kim.id(), 10_000_000L)).isTrue();
  }

  @Test
  void aUserBlocksAtMostTheLimit() {
    User kim = f.user("kim");
    for (int i = 0; i < ChatLimits.MAX_BLOCKS_PER_USER; i++) {
      blockStore.block(kim.id(), 20_000_000L + i, f.clock.instant());
    }
    var e = expectError(ErrorCode.NOT_ALLOWED, () -> blocks.block(kim.id(), kim.id() + 5_000_000));
    assertThat(e.getMessage()).contains("1000");
    assertThat(blocks.block(kim.id(), 20_000_000L)).isFalse(); // blocking again is no new block
  }
}
