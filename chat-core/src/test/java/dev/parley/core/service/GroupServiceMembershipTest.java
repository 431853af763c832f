package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinOutcome;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invitations, the three join policies, join requests and leaving through {@link GroupService}. */
class GroupServiceMembershipTest {
  private final GroupFixture g = new GroupFixture(GroupFixture.limits(5, 500, 100, 1000, 20, 50, 500));
  private final User alice = g.user("Alice");
  private final User bob = g.friendOf("Bob", alice);
  private final User carol = g.friendOf("Carol", alice);
  private final User dave = g.friendOf("Dave", alice, bob);
  private final User erin = g.friendOf("Erin", alice);

  // ---- invite ----

  @Test
  void theOwnerInvitesAFriendWhoJoinsAfterTheLogSoFar() {
    Group group = g.group(alice, bob);
    g.send(alice, group, "before dave");

    MembershipChange change = g.groups.invite(alice.id(), group.id(), List.of(dave.id()));

    assertThat(change.addedIds()).containsExactly(dave.id());
    assertThat(change.alreadyMemberIds()).isEmpty();
    GroupMessage joined = change.systemMessage();
    assertThat(joined.kind()).isEqualTo(GroupMessageKind.MEMBERS_JOINED);
    assertThat(joined.seq()).isEqualTo(3);
    assertThat(joined.senderId()).isEqualTo(alice.id());
    assertThat(joined.targetIds()).containsExactly(dave.id());
    assertThat(g.groupStore.member(group.id(), dave.id())).hasValueSatisfying(m -> {
      assertThat(m.role()).isEqualTo(GroupRole.MEMBER);
      assertThat(m.joinedSeq()).as("the join entry is the first it sees").isEqualTo(2);
    });
    assertThat(g.current(group).memberCount()).isEqualTo(3);
    assertThat(g.events.groupUpdates()).singleElement().satisfies(u -> {
      assertThat(u.message()).isEqualTo(joined);
      assertThat(u.group().memberCount()).isEqualTo(3);
      assertThat(u.recipientIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), dave.id());
    });
  }

  @Test
  void anAdminInvites() {
    Group group = g.group(alice, bob);
    g.makeAdmin(group, bob);

    MembershipChange change = g.groups.invite(bob.id(), group.id(), List.of(dave.id()));

    assertThat(change.addedIds()).containsExactly(dave.id());
    assertThat(change.systemMessage().senderId()).isEqualTo(bob.id());
  }

  @Test
  void aMemberMayNotInviteUnlessTheGroupAllowsIt() {
    Group closed = g.group(alice, bob);

    ChatException e = expectError(ErrorCode.NOT_ALLOWED,
        () -> g.groups.invite(bob.id(), closed.id(), List.of(dave.id())));

    assertThat(e).hasMessageContaining("group " + closed.id())
        .hasMessageContaining("only the owner and admins may invite")
        .hasMessageContaining("user " + bob.id() + " is a member");
    assertThat(g.groupStore.member(closed.id(), dave.id())).isEmpty();
    assertThat(g.events.groupUpdates()).isEmpty();

    Group open = g.group(alice, JoinPolicy.INVITE_ONLY, true, bob);
    assertThat(g.groups.invite(bob.id(), open.id(), List.of(dave.id())).addedIds()).containsExactly(dave.id());
  }

  @Test
  void anInviteeMustBeTheInvitersFriendNotTheOwners() {
    Group group = g.group(alice, JoinPolicy.INVITE_ONLY, true, bob);

    ChatException e = expectError(ErrorCode.NOT_FRIENDS,
        () -> g.groups.invite(bob.id(), group.id(), List.of(erin.id())));

    assertThat(e).hasMessageContaining("user " + erin.id() + " is not a friend of " + bob.id());
    assertThat(g.groupStore.member(group.id(), erin.id())).isEmpty();
  }

  @Test
  void anUnknownInviteeIsNotFoundAndNobodyIsAdded() {
    Group group = g.group(alice, bob);
    long ghost = erin.id() + 1000;

    ChatException e = expectError(ErrorCode.NOT_FOUND,
        () -> g.groups.invite(alice.id(), group.id(), List.of(dave.id(), ghost)));

    assertThat(e).hasMessageContaining("user " + ghost + " does not exist");
    assertThat(g.groupStore.memberIds(group.id())).containsExactly(alice.id(), bob.id());
  }

  @Test
  void inviteesAlreadyMembersAreReportedAndNothingIsWritten() {
    Group group = g.group(alice, bob, carol);

    MembershipChange change = g.groups.invite(alice.id(), group.id(), List.of(bob.id(), carol.id()));

    assertThat(change.addedIds()).isEmpty();
    assertThat(change.alreadyMemberIds()).containsExactly(bob.id(), carol.id());
    assertThat(change.systemMessage()).isNull();
    assertThat(g.current(group).lastSeq()).isEqualTo(1);
    assertThat(g.events.groupUpdates()).isEmpty();
    assertThat(g.events.notices()).isEmpty();
  }

  @Test
  void aMixedInviteReportsTheAlreadyMembersToo() {
    Group group = g.group(alice, bob);

    MembershipChange change = g.groups.invite(alice.id(), group.id(), List.of(dave.id(), bob.id()));

    assertThat(change.addedIds()).containsExactly(dave.id());
    assertThat(change.alreadyMemberIds()).containsExactly(bob.id());
  }

  @Test
  void anInviteNamingNobodyElseIsRefused() {
    Group group = g.group(alice, bob);

    ChatException e = expectError(ErrorCode.BAD_REQUEST, () -> g.groups.invite(alice.id(), group.id(), List.of()));
    assertThat(e).hasMessageContaining("at least one other user");
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.invite(alice.id(), group.id(), List.of(alice.id())));
    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.invite(alice.id(), group.id(), List.of(-3L)));
  }

  @Test
  void anInviteThatDoesNotFitIsRefusedWhole() {
    Group group = g.group(alice, bob, carol); // 3 of 5

    ChatException e = expectError(ErrorCode.GROUP_FULL,
        () -> g.groups.invite(alice.id(), group.id(), List.of(dave.id(), erin.id(), g.friendOf("Fay", alice).id())));

    assertThat(e).hasMessageContaining("group " + group.id() + " has 3 of 5 members; 3 more do not fit");
    assertThat(g.groupStore.memberIds(group.id())).containsExactly(alice.id(), bob.id(), carol.id());
    assertThat(g.events.groupUpdates()).isEmpty();
    assertThat(g.groups.invite(alice.id(), group.id(), List.of(dave.id(), erin.id())).addedIds())
        .as("exactly to the limit").containsExactly(dave.id(), erin.id());
    assertThat(g.current(group).memberCount()).isEqualTo(5);
  }

  @Test
  void aNonMemberMayNotInvite() {
    Group group = g.group(alice, bob);

    ChatException e = expectError(ErrorCode.NOT_A_MEMBER,
        () -> g.groups.invite(dave.id(), group.id(), List.of(bob.id())));

    assertThat(e).hasMessageContaining("user " + dave.id() + " is not a member of group " + group.id());
    expectError(ErrorCode.NOT_FOUND, () -> g.groups.invite(alice.id(), 424_242, List.of(bob.id())));
  }

  // ---- join policies ----

  @Test
  void anInviteOnlyGroupRefusesRequestsToJoin() {
    Group group = g.group(alice, bob);

    ChatException e = expectError(ErrorCode.NOT_ALLOWED, () -> g.groups.requestToJoin(erin.id(), group.id(), "hi"));

    assertThat(e).hasMessageContaining("group " + group.id() + " is invite-only");
    assertThat(g.groups.joinRequests(alice.id(), group.id())).isEmpty();
    assertThat(g.events.joinRequests()).isEmpty();
  }

  @Test
  void anyoneJoinsAnOpenGroupAtOnce() {
    Group group = g.group(alice, JoinPolicy.OPEN, false, bob);
    User stranger = g.user("Stranger");

    JoinOutcome outcome = g.groups.requestToJoin(stranger.id(), group.id(), null);

    assertThat(outcome.joined()).isTrue();
    assertThat(outcome.group().memberCount()).isEqualTo(3);
    assertThat(g.groups.get(stranger.id(), group.id()).self().role()).isEqualTo(GroupRole.MEMBER);
    GroupMessage joined = g.log(group).get(1);
    assertThat(joined.kind()).isEqualTo(GroupMessageKind.MEMBERS_JOINED);
    assertThat(joined.senderId()).as("the joiner acted").isEqualTo(stranger.id());
    assertThat(joined.targetIds()).containsExactly(stranger.id());
    assertThat(g.events.groupUpdates()).singleElement()
        .satisfies(u -> assertThat(u.recipientIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), stranger.id()));
    assertThat(g.events.joinRequests()).isEmpty();
  }

  @Test
  void aMemberAskingToJoinIsAlreadyAMember() {
    Group group = g.group(alice, JoinPolicy.OPEN, false, bob);

    ChatException e = expectError(ErrorCode.ALREADY_MEMBER, () -> g.groups.requestToJoin(bob.id(), group.id(), ""));

    assertThat(e).hasMessageContaining("user " + bob.id() + " is already a member of group " + group.id());
    expectError(ErrorCode.ALREADY_MEMBER, () -> g.groups.requestToJoin(alice.id(), group.id(), ""));
    assertThat(g.current(group).lastSeq()).isEqualTo(1);
  }

  @Test
  void aRequestToAnApprovalGroupWaitsAndIsPublishedToTheOwnerAndAdminsOnly() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob, carol);
    g.makeAdmin(group, bob);
    g.clock.advance(java.time.Duration.ofMinutes(1));

    JoinOutcome outcome = g.groups.requestToJoin(erin.id(), group.id(), "  let me in  ");

    assertThat(outcome.joined()).isFalse();
    assertThat(outcome.group().memberCount()).isEqualTo(3);
    assertThat(g.groupStore.member(group.id(), erin.id())).isEmpty();
    JoinRequest request = new JoinRequest(group.id(), erin.id(), "let me in", g.clock.instant());
    assertThat(g.groups.joinRequests(alice.id(), group.id())).containsExactly(request);
    assertThat(g.groups.joinRequests(bob.id(), group.id())).containsExactly(request);
    assertThat(g.events.joinRequests()).singleElement().satisfies(r -> {
      assertThat(r.request()).isEqualTo(request);
      assertThat(r.managerIds()).containsExactlyInAnyOrder(alice.id(), bob.id());
    });
    assertThat(g.events.groupUpdates()).isEmpty();
    expectError(ErrorCode.NOT_A_MEMBER, () -> g.send(erin, group, "am I in?"));
  }

  @Test
  void anOverlongGreetingIsABadRequest() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob);

    ChatException e = expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.requestToJoin(erin.id(), group.id(), "x".repeat(201)));

    assertThat(e).hasMessageContaining("greeting is 201 characters, the limit is 200");
    assertThat(g.groups.joinRequests(alice.id(), group.id())).isEmpty();
    expectError(ErrorCode.NOT_FOUND, () -> g.groups.requestToJoin(erin.id(), 424_242, ""));
  }

  @Test
  void askingAgainRenewsTheOneRequest() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob);
    g.groups.requestToJoin(erin.id(), group.id(), "first");
    g.clock.advance(java.time.Duration.ofMinutes(5));

    g.groups.requestToJoin(erin.id(), group.id(), "second");

    assertThat(g.groups.joinRequests(alice.id(), group.id())).singleElement().satisfies(r -> {
      assertThat(r.greeting()).isEqualTo("second");
      assertThat(r.createdAt()).isEqualTo(g.clock.instant());
    });
  }

  @Test
  void joinRequestsAreListedOldestFirst() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob);
    g.groups.requestToJoin(erin.id(), group.id(), "");
    g.clock.advance(java.time.Duration.ofSeconds(1));
    g.groups.requestToJoin(dave.id(), group.id(), "");

    assertThat(g.groups.joinRequests(alice.id(), group.id())).extracting(JoinRequest::requesterId)
        .containsExactly(erin.id(), dave.id());
  }

  @Test
  void anAcceptedRequesterBecomesAMember() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob, carol);
    g.makeAdmin(group, bob);
    g.groups.requestToJoin(erin.id(), group.id(), "hi");
    g.events.clear();

    g.groups.answerJoinRequest(bob.id(), group.id(), erin.id(), true);

    assertThat(g.groupStore.member(group.id(), erin.id())).hasValueSatisfying(
        m -> assertThat(m.role()).isEqualTo(GroupRole.MEMBER));
    assertThat(g.groups.joinRequests(alice.id(), group.id())).isEmpty();
    GroupMessage joined = g.log(group).get(g.log(group).size() - 1);
    assertThat(joined.kind()).isEqualTo(GroupMessageKind.MEMBERS_JOINED);
    assertThat(joined.senderId()).as("the admin who accepted").isEqualTo(bob.id());
    assertThat(joined.targetIds()).containsExactly(erin.id());
    assertThat(g.events.groupUpdates()).singleElement().satisfies(u -> assertThat(u.recipientIds())
        .containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id(), erin.id()));
    assertThat(g.notices(erin)).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(GroupMessageKind.MEMBERS_JOINED);
      assertThat(n.role()).isEqualTo(GroupRole.MEMBER);
      assertThat(n.groupSeq()).isEqualTo(joined.seq());
    });
  }

  @Test
  void aDeclinedRequestIsRemovedAndNothingIsLogged() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob);
    g.groups.requestToJoin(erin.id(), group.id(), "hi");
    g.events.clear();

    g.groups.answerJoinRequest(alice.id(), group.id(), erin.id(), false);

    assertThat(g.groups.joinRequests(alice.id(), group.id())).isEmpty();
    assertThat(g.groupStore.member(group.id(), erin.id())).isEmpty();
    assertThat(g.current(group).lastSeq()).isEqualTo(1);
    assertThat(g.events.groupUpdates()).isEmpty();
    ChatException again = expectError(ErrorCode.NOT_FOUND,
        () -> g.groups.answerJoinRequest(alice.id(), group.id(), erin.id(), true));
    assertThat(again).hasMessageContaining("user " + erin.id() + " has no pending request to join group " + group.id());
  }

  @Test
  void answeringARequestThatDoesNotExistIsNotFound() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob);

    ChatException e = expectError(ErrorCode.NOT_FOUND,
        () -> g.groups.answerJoinRequest(alice.id(), group.id(), erin.id(), true));

    assertThat(e).hasMessageContaining("user " + erin.id() + " has no pending request to join group " + group.id());
    assertThat(g.groupStore.member(group.id(), erin.id())).isEmpty();
  }

  @Test
  void aMemberMayNeitherSeeNorAnswerJoinRequests() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob);
    g.groups.requestToJoin(erin.id(), group.id(), "hi");

    ChatException answer = expectError(ErrorCode.NOT_ALLOWED,
        () -> g.groups.answerJoinRequest(bob.id(), group.id(), erin.id(), true));
    ChatException list = expectError(ErrorCode.NOT_ALLOWED, () -> g.groups.joinRequests(bob.id(), group.id()));

    assertThat(answer).hasMessageContaining("only the owner or an admin of group " + group.id())
        .hasMessageContaining("answer join requests").hasMessageContaining("user " + bob.id() + " is a member");
    assertThat(list).hasMessageContaining("see join requests");
    assertThat(g.groupStore.member(group.id(), erin.id())).isEmpty();
    assertThat(g.groups.joinRequests(alice.id(), group.id())).hasSize(1);
    expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.joinRequests(erin.id(), group.id()));
  }

  @Test
  void aGroupHoldsAtMostTheMaximumOfPendingRequests() {
    GroupFixture small = new GroupFixture(GroupFixture.limits(5, 500, 100, 1000, 20, 50, 2));
    User owner = small.user("Owner");
    Group group = small.group(owner, JoinPolicy.APPROVAL, false);
    User first = small.user("First");
    small.groups.requestToJoin(first.id(), group.id(), "");
    small.groups.requestToJoin(small.user("Second").id(), group.id(), "");

    ChatException e = expectError(ErrorCode.TOO_MANY_PENDING_REQUESTS,
        () -> small.groups.requestToJoin(small.user("Third").id(), group.id(), ""));

    assertThat(e).hasMessageContaining("group " + group.id() + " has 2 join requests waiting");
    assertThat(small.groups.joinRequests(owner.id(), group.id())).hasSize(2);
    assertThat(small.groups.requestToJoin(first.id(), group.id(), "renewed").joined())
        .as("renewing a pending request is no new one").isFalse();
    small.groups.answerJoinRequest(owner.id(), group.id(), first.id(), false);
    assertThat(small.groups.requestToJoin(small.user("Fourth").id(), group.id(), "").joined()).isFalse();
  }

  @Test
  void aFullGroupRefusesJoinsAndAcceptances() {
    Group open = g.group(alice, JoinPolicy.OPEN, false, bob, carol, dave, erin); // 5 of 5

    ChatException join = expectError(ErrorCode.GROUP_FULL,
        () -> g.groups.requestToJoin(g.user("Late").id(), open.id(), ""));
    assertThat(join).hasMessageContaining("group " + open.id() + " has 5 of 5 members; 1 more do not fit");

    Group approval = g.group(alice, JoinPolicy.APPROVAL, false, bob, carol, dave);
    User late = g.user("Later");
    g.groups.requestToJoin(late.id(), approval.id(), "");
    g.groups.invite(alice.id(), approval.id(), List.of(erin.id()));

    expectError(ErrorCode.GROUP_FULL, () -> g.groups.answerJoinRequest(alice.id(), approval.id(), late.id(), true));
    assertThat(g.groupStore.member(approval.id(), late.id())).isEmpty();
    assertThat(g.groups.joinRequests(alice.id(), approval.id())).as("the request waits for room")
        .extracting(JoinRequest::requesterId).containsExactly(late.id());
  }

  @Test
  void anInvitationAnswersAPendingRequest() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, false, bob);
    g.groups.requestToJoin(erin.id(), group.id(), "");

    g.groups.invite(alice.id(), group.id(), List.of(erin.id()));

    assertThat(g.groups.joinRequests(alice.id(), group.id())).isEmpty();
    expectError(ErrorCode.NOT_FOUND, () -> g.groups.answerJoinRequest(alice.id(), group.id(), erin.id(), true));
  }

  // ---- leave ----

  @Test
  void theOwnerMayNotLeave() {
    Group group = g.group(alice, bob);

    ChatException e = expectError(ErrorCode.NOT_ALLOWED, () -> g.groups.leave(alice.id(), group.id()));

    assertThat(e).hasMessageContaining("user " + alice.id() + " owns group " + group.id())
        .hasMessageContaining("transfer ownership or dissolve");
    assertThat(g.groupStore.member(group.id(), alice.id())).isPresent();
    assertThat(g.events.groupUpdates()).isEmpty();
  }

  @Test
  void aMemberLeavesAndIsToldInItsMailbox() {
    Group group = g.group(alice, bob, carol);

    g.groups.leave(bob.id(), group.id());

    assertThat(g.groupStore.memberIds(group.id())).containsExactly(alice.id(), carol.id());
    assertThat(g.current(group).memberCount()).isEqualTo(2);
    GroupMessage left = g.log(group).get(1);
    assertThat(left.kind()).isEqualTo(GroupMessageKind.MEMBER_LEFT);
    assertThat(left.senderId()).isEqualTo(bob.id());
    assertThat(left.targetIds()).containsExactly(bob.id());
    assertThat(g.events.groupUpdates()).singleElement().satisfies(u -> {
      assertThat(u.message()).isEqualTo(left);
      assertThat(u.recipientIds()).as("the leaver's other sessions too")
          .containsExactlyInAnyOrder(alice.id(), carol.id(), bob.id());
    });
    assertThat(g.notices(bob)).last().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(GroupMessageKind.MEMBER_LEFT);
      assertThat(n.role()).isNull();
      assertThat(n.groupSeq()).isEqualTo(left.seq());
      assertThat(n.actorId()).isEqualTo(bob.id());
    });
    ChatException e = expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.get(bob.id(), group.id()));
    assertThat(e).hasMessageContaining("user " + bob.id() + " is not a member of group " + group.id());
    expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.leave(bob.id(), group.id()));
    assertThat(g.groups.list(bob.id(), 10)).isEmpty();
  }

  @Test
  void anAdminLeaves() {
    Group group = g.group(alice, bob);
    g.makeAdmin(group, bob);

    g.groups.leave(bob.id(), group.id());

    assertThat(g.groupStore.memberIds(group.id())).containsExactly(alice.id());
  }

  @Test
  void aUserWhoLeftMayBeInvitedAgain() {
    Group group = g.group(alice, bob);
    g.groups.leave(bob.id(), group.id());

    assertThat(g.groups.invite(alice.id(), group.id(), List.of(bob.id())).addedIds()).containsExactly(bob.id());
    assertThat(g.groupStore.member(group.id(), bob.id())).hasValueSatisfying(
        m -> assertThat(m.joinedSeq()).isEqualTo(2));
  }
}
