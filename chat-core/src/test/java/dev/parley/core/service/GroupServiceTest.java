package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.GroupView;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.MemberPage;
import dev.parley.core.model.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Creating, reading, listing and updating groups through {@link GroupService}. */
class GroupServiceTest {
  private final GroupFixture g = new GroupFixture();
  private final User alice = g.user("Alice");
  private final User bob = g.friendOf("Bob", alice);
  private final User carol = g.friendOf("Carol", alice);

  // ---- create ----

  @Test
  void creatorOwnsTheGroupAndTheOthersAreMembers() {
    GroupView view = g.groups.create(alice.id(), "  Hikers  ", List.of(bob.id(), carol.id(), bob.id(), alice.id()),
        JoinPolicy.APPROVAL, true, " https://example.com/a.png ", " welcome ");

    Group group = view.group();
    assertThat(group.name()).isEqualTo("Hikers");
    assertThat(group.ownerId()).isEqualTo(alice.id());
    assertThat(group.memberCount()).as("repeats and the creator are dropped").isEqualTo(3);
    assertThat(group.maxMembers()).isEqualTo(GroupLimits.DEFAULT_MAX_MEMBERS);
    assertThat(group.lastSeq()).isEqualTo(1);
    assertThat(group.joinPolicy()).isEqualTo(JoinPolicy.APPROVAL);
    assertThat(group.membersCanInvite()).isTrue();
    assertThat(group.muteAll()).isFalse();
    assertThat(group.avatarUrl()).isEqualTo("https://example.com/a.png");
    assertThat(group.notice()).isEqualTo("welcome");
    assertThat(group.dissolved()).isFalse();
    assertThat(view.self().userId()).isEqualTo(alice.id());
    assertThat(view.self().role()).isEqualTo(GroupRole.OWNER);
    assertThat(g.groups.members(alice.id(), group.id(), 0, 10).members())
        .extracting(GroupMember::userId, GroupMember::role, GroupMember::joinedSeq)
        .containsExactly(tuple(alice.id(), GroupRole.OWNER, 0L), tuple(bob.id(), GroupRole.MEMBER, 0L),
            tuple(carol.id(), GroupRole.MEMBER, 0L));
  }

  @Test
  void creationIsTheLogsFirstEntryAndIsPublishedToEveryMember() {
    Group group = g.groups.create(alice.id(), "Hikers", List.of(bob.id(), carol.id()), null, false, null, null)
        .group();

    assertThat(group.joinPolicy()).as("no policy: invite-only").isEqualTo(JoinPolicy.INVITE_ONLY);
    assertThat(group.avatarUrl()).isEmpty();
    assertThat(group.notice()).isEmpty();
    GroupMessage created = g.log(group).get(0);
    assertThat(g.log(group)).hasSize(1);
    assertThat(created.kind()).isEqualTo(GroupMessageKind.GROUP_CREATED);
    assertThat(created.seq()).isEqualTo(1);
    assertThat(created.senderId()).isEqualTo(alice.id());
    assertThat(created.targetIds()).containsExactly(alice.id(), bob.id(), carol.id());
    assertThat(g.events.groupUpdates()).singleElement().satisfies(u -> {
      assertThat(u.group().id()).isEqualTo(group.id());
      assertThat(u.message()).isEqualTo(created);
      assertThat(u.recipientIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    });
    assertThat(g.events.groupMessages()).as("a system entry is no text message").isEmpty();
  }

  @Test
  void aGroupOfTheCreatorAloneIsAllowed() {
    Group group = g.groups.create(alice.id(), "Notes", List.of(), JoinPolicy.INVITE_ONLY, false, "", "").group();

    assertThat(group.memberCount()).isEqualTo(1);
    assertThat(g.groupStore.memberIds(group.id())).containsExactly(alice.id());
  }

  @Test
  void aBlankNameIsRefused() {
    for (String blank : new String[] {null, "", "   "}) {
      ChatException e = expectError(ErrorCode.BAD_REQUEST,
          () -> g.groups.create(alice.id(), blank, List.of(bob.id()), JoinPolicy.OPEN, false, "", ""));
      assertThat(e).hasMessageContaining("needs a name");
    }
    assertNothingCreated();
  }

  @Test
  void aNameLongerThanTheLimitIsRefusedCountingCodePoints() {
    String longest = "\uD83D\uDE00".repeat(Group.MAX_NAME); // 64 emoji, 128 chars

    assertThat(g.groups.create(alice.id(), longest, List.of(), null, false, "", "").group().name())
        .isEqualTo(longest);
    ChatException e = expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.create(alice.id(), "x".repeat(Group.MAX_NAME + 1), List.of(), null, false, "", ""));
    assertThat(e).hasMessageContaining("65 characters").hasMessageContaining("limit is 64");
    assertThat(g.groupStore.groupCount(alice.id())).isEqualTo(1);
  }

  @Test
  void anOverlongAvatarOrNoticeIsRefused() {
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.create(alice.id(), "Team", List.of(), null, false,
        "x".repeat(Group.MAX_AVATAR_URL + 1), ""));
    ChatException e = expectError(ErrorCode.BAD_REQUEST, () -> g.groups.create(alice.id(), "Team", List.of(), null,
        false, "", "x".repeat(Group.MAX_NOTICE + 1)));
    assertThat(e).hasMessageContaining("notice").hasMessageContaining(String.valueOf(Group.MAX_NOTICE));
    assertNothingCreated();
  }

  @Test
  void aMemberIdThatIsNotPositiveIsRefused() {
    ChatException e = expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.create(alice.id(), "Team", List.of(bob.id(), 0L), null, false, "", ""));
    assertThat(e).hasMessageContaining("positive").hasMessageContaining("0");
    assertNothingCreated();
  }

  @Test
  void anUnknownMemberIsNotFound() {
    long ghost = carol.id() + 1000;

    ChatException e = expectError(ErrorCode.NOT_FOUND,
        () -> g.groups.create(alice.id(), "Team", List.of(bob.id(), ghost), null, false, "", ""));

    assertThat(e).hasMessageContaining("user " + ghost + " does not exist");
    assertNothingCreated();
  }

  @Test
  void aMemberWhoIsNotTheCreatorsFriendIsRefused() {
    User stranger = g.user("Stranger");

    ChatException e = expectError(ErrorCode.NOT_FRIENDS,
        () -> g.groups.create(alice.id(), "Team", List.of(bob.id(), stranger.id()), null, false, "", ""));

    assertThat(e).hasMessageContaining("user " + stranger.id() + " is not a friend of " + alice.id());
    assertNothingCreated();
  }

  @Test
  void strangersMayBeAddedWhenTheLimitsAllowThem() {
    GroupFixture open = new GroupFixture(ChatLimits.defaults().withAllowStrangers(true));
    User owner = open.user("Owner");
    User stranger = open.user("Stranger");

    Group group = open.groups.create(owner.id(), "Team", List.of(stranger.id()), null, false, "", "").group();

    assertThat(open.groupStore.memberIds(group.id())).containsExactly(owner.id(), stranger.id());
  }

  @Test
  void aCreatorOrJoinerWhoDoesNotExistIsUnauthorized() {
    long ghost = carol.id() + 1000;
    Group open = g.group(alice, JoinPolicy.OPEN, false, bob);

    ChatException create = expectError(ErrorCode.UNAUTHORIZED,
        () -> g.groups.create(ghost, "Team", List.of(), null, false, "", ""));
    ChatException join = expectError(ErrorCode.UNAUTHORIZED, () -> g.groups.requestToJoin(ghost, open.id(), ""));

    assertThat(create).hasMessageContaining("user " + ghost + " no longer exists");
    assertThat(join).hasMessageContaining("user " + ghost + " no longer exists");
    assertThat(g.groupStore.memberIds(open.id())).containsExactly(alice.id(), bob.id());
  }

  // ---- get ----

  @Test
  void aMemberGetsTheGroupWithItsMembership() {
    Group group = g.group(alice, bob);

    GroupView view = g.groups.get(bob.id(), group.id());

    assertThat(view.group()).isEqualTo(g.current(group));
    assertThat(view.self().userId()).isEqualTo(bob.id());
    assertThat(view.self().role()).isEqualTo(GroupRole.MEMBER);
  }

  @Test
  void aNonMemberOfAnInviteOnlyGroupIsNotAMember() {
    Group group = g.group(alice, bob);

    ChatException e = expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.get(carol.id(), group.id()));

    assertThat(e).hasMessageContaining("user " + carol.id() + " is not a member of group " + group.id());
  }

  @Test
  void aNonMemberSeesAnOpenOrApprovalGroupWithoutMembership() {
    for (JoinPolicy policy : new JoinPolicy[] {JoinPolicy.OPEN, JoinPolicy.APPROVAL}) {
      Group group = g.group(alice, policy, false, bob);

      GroupView view = g.groups.get(carol.id(), group.id());

      assertThat(view.group().id()).isEqualTo(group.id());
      assertThat(view.group().joinPolicy()).isEqualTo(policy);
      assertThat(view.self()).as(policy.name()).isNull();
    }
  }

  @Test
  void aGroupThatNeverExistedIsNotFound() {
    ChatException e = expectError(ErrorCode.NOT_FOUND, () -> g.groups.get(alice.id(), 424_242));

    assertThat(e).hasMessageContaining("group 424242 does not exist");
  }

  // ---- list and members ----

  @Test
  void listShowsTheUsersGroupsMostRecentlyActiveFirst() {
    Group first = g.group(alice, bob);
    g.clock.advance(java.time.Duration.ofSeconds(1));
    Group second = g.group(alice, carol);
    g.clock.advance(java.time.Duration.ofSeconds(1));
    g.send(bob, first, "back on top");

    assertThat(g.groups.list(alice.id(), 10)).extracting(s -> s.group().id()).containsExactly(first.id(), second.id());
    assertThat(g.groups.listAll(alice.id())).extracting(s -> s.group().id()).containsExactly(first.id(), second.id());
    assertThat(g.groups.list(alice.id(), 1)).extracting(s -> s.group().id()).containsExactly(first.id());
    assertThat(g.groups.list(carol.id(), 10)).extracting(s -> s.group().id()).containsExactly(second.id());
    GroupSummary summary = g.groups.list(alice.id(), 10).get(0);
    assertThat(summary.self().role()).isEqualTo(GroupRole.OWNER);
    assertThat(summary.unreadCount()).as("bob's message is unread for alice").isEqualTo(1);
    assertThat(summary.lastMessage().text()).isEqualTo("back on top");
  }

  @Test
  void membersArePagedAscendingByUserId() {
    Group group = g.group(alice, bob, carol);

    MemberPage first = g.groups.members(carol.id(), group.id(), 0, 2);
    MemberPage rest = g.groups.members(carol.id(), group.id(), bob.id(), 2);

    assertThat(first.members()).extracting(GroupMember::userId).containsExactly(alice.id(), bob.id());
    assertThat(first.hasMore()).isTrue();
    assertThat(rest.members()).extracting(GroupMember::userId).containsExactly(carol.id());
    assertThat(rest.hasMore()).isFalse();
  }

  @Test
  void onlyMembersListMembers() {
    Group group = g.group(alice, JoinPolicy.OPEN, false, bob);

    ChatException e = expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.members(carol.id(), group.id(), 0, 10));

    assertThat(e).hasMessageContaining("user " + carol.id() + " is not a member of group " + group.id());
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.members(alice.id(), group.id(), -1, 10));
  }

  @Test
  void aMemberSetsItsOwnNicknameAndRemark() {
    Group group = g.group(alice, bob);

    GroupView view = g.groups.updateMembership(bob.id(), group.id(), " Bobby ", "work");

    assertThat(view.self().nickname()).isEqualTo("Bobby");
    assertThat(view.self().remark()).isEqualTo("work");
    assertThat(g.groups.updateMembership(bob.id(), group.id(), null, "home").self().nickname()).isEqualTo("Bobby");
    assertThat(g.log(group)).as("no log entry").hasSize(1);
    expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.updateMembership(carol.id(), group.id(), "C", null));
    expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.updateMembership(bob.id(), group.id(), "x".repeat(GroupMember.MAX_NICKNAME + 1), null));
  }

  // ---- update ----

  @Test
  void theOwnerUpdatesInfoAndTheChangeIsLoggedAndPublished() {
    Group group = g.group(alice, bob, carol);

    GroupView view = g.groups.update(alice.id(), group.id(),
        new GroupUpdate("  Climbers ", "https://example.com/c.png", "rope at 9", JoinPolicy.OPEN, true, null));

    Group after = view.group();
    assertThat(after.name()).isEqualTo("Climbers");
    assertThat(after.avatarUrl()).isEqualTo("https://example.com/c.png");
    assertThat(after.notice()).isEqualTo("rope at 9");
    assertThat(after.joinPolicy()).isEqualTo(JoinPolicy.OPEN);
    assertThat(after.membersCanInvite()).isTrue();
    assertThat(after.muteAll()).isFalse();
    assertThat(after.lastSeq()).isEqualTo(2);
    assertThat(view.self().role()).isEqualTo(GroupRole.OWNER);
    GroupMessage entry = g.log(group).get(1);
    assertThat(entry.kind()).isEqualTo(GroupMessageKind.GROUP_INFO_UPDATED);
    assertThat(entry.senderId()).isEqualTo(alice.id());
    assertThat(g.events.groupUpdates()).singleElement().satisfies(u -> {
      assertThat(u.group()).isEqualTo(after);
      assertThat(u.message()).isEqualTo(entry);
      assertThat(u.recipientIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    });
    assertThat(g.events.notices()).as("info is not anyone's membership").isEmpty();
    assertThat(g.groups.get(g.user("Passer").id(), group.id()).self()).as("open now").isNull();
  }

  @Test
  void anAdminUpdatesInfo() {
    Group group = g.group(alice, bob, carol);
    g.makeAdmin(group, bob);

    GroupView view = g.groups.update(bob.id(), group.id(), new GroupUpdate("Renamed", null, null, null, null, null));

    assertThat(view.group().name()).isEqualTo("Renamed");
    assertThat(view.self().role()).isEqualTo(GroupRole.ADMIN);
    assertThat(g.log(group)).last().extracting(GroupMessage::senderId).isEqualTo(bob.id());
  }

  @Test
  void aMemberMayNotUpdate() {
    Group group = g.group(alice, bob, carol);

    ChatException e = expectError(ErrorCode.NOT_ALLOWED,
        () -> g.groups.update(carol.id(), group.id(), new GroupUpdate("Mine", null, null, null, null, null)));

    assertThat(e).hasMessageContaining("only the owner or an admin of group " + group.id())
        .hasMessageContaining("user " + carol.id() + " is a member");
    assertThat(g.current(group).name()).isEqualTo("Team");
    assertThat(g.events.groupUpdates()).isEmpty();
    expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.update(g.user("Outsider").id(), group.id(),
        new GroupUpdate("Mine", null, null, null, null, null)));
  }

  @Test
  void anUpdateThatChangesNothingOrIsMalformedIsRefused() {
    Group group = g.group(alice, bob);

    ChatException e = expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.update(alice.id(), group.id(), new GroupUpdate(null, null, null, null, null, null)));
    assertThat(e).hasMessageContaining("group " + group.id()).hasMessageContaining("changes nothing");
    expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.update(alice.id(), group.id(), new GroupUpdate("  ", null, null, null, null, null)));
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.update(alice.id(), group.id(),
        new GroupUpdate("x".repeat(Group.MAX_NAME + 1), null, null, null, null, null)));
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.update(alice.id(), group.id(),
        new GroupUpdate(null, null, "x".repeat(Group.MAX_NOTICE + 1), null, null, null)));
    assertThat(g.log(group)).hasSize(1);
    assertThat(g.events.groupUpdates()).isEmpty();
  }

  @Test
  void updatingAGroupThatDoesNotExistIsNotFound() {
    expectError(ErrorCode.NOT_FOUND,
        () -> g.groups.update(alice.id(), 424_242, new GroupUpdate("X", null, null, null, null, null)));
  }

  private void assertNothingCreated() {
    assertThat(g.groupStore.groupCount(alice.id())).isZero();
    assertThat(g.groupStore.groupCount(bob.id())).isZero();
    assertThat(g.events.groupUpdates()).isEmpty();
    assertThat(g.events.notices()).isEmpty();
  }
}
