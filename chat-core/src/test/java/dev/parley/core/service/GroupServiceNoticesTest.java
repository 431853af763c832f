package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every change to a user's own membership leaves a {@link GroupNotice} in that user's mailbox (read
 * back through the message store) and publishes it through {@link ChatEvents#mailboxNotice}; and
 * dissolution ends everything.
 */
class GroupServiceNoticesTest {
  private final GroupFixture g = new GroupFixture();
  private final User alice = g.user("Alice");
  private final User bob = g.friendOf("Bob", alice);
  private final User carol = g.friendOf("Carol", alice);
  private final User dave = g.friendOf("Dave", alice);

  @Test
  void creationTellsTheOwnerAndEveryMemberTheirRole() {
    g.clock.advance(Duration.ofMinutes(3));
    Group group = g.groups.create(alice.id(), "Hikers", GroupFixture.ids(bob, carol), null, false, "", "").group();

    // GROUP_CREATED is not among the notice kinds GroupNotice and parley_chat.proto list (they name
    // MEMBERS_JOINED for "you were added"); the service uses the log entry's kind, as for every change.
    assertThat(g.notices(alice)).containsExactly(notice(group, GroupMessageKind.GROUP_CREATED, alice, 1,
        GroupRole.OWNER, null, "Hikers"));
    assertThat(g.notices(bob)).containsExactly(notice(group, GroupMessageKind.GROUP_CREATED, alice, 1,
        GroupRole.MEMBER, null, "Hikers"));
    assertThat(g.notices(carol)).hasSize(1);
    assertThat(g.notices(dave)).isEmpty();
    assertThat(g.events.notices()).extracting(MailboxEntry::ownerId)
        .containsExactly(alice.id(), bob.id(), carol.id());
    assertThat(g.events.notices()).allSatisfy(e -> assertThat(g.mailbox(user(e.ownerId()))).contains(e));
  }

  @Test
  void anInviteTellsOnlyTheAddedUser() {
    Group group = g.group(alice, bob);

    GroupMessage joined = g.groups.invite(alice.id(), group.id(), List.of(carol.id(), dave.id())).systemMessage();

    GroupNotice expected = notice(group, GroupMessageKind.MEMBERS_JOINED, alice, joined.seq(), GroupRole.MEMBER, null,
        "Team");
    assertThat(g.notices(carol)).containsExactly(expected);
    assertThat(g.notices(dave)).containsExactly(expected);
    assertThat(g.events.notices()).extracting(MailboxEntry::ownerId).containsExactly(carol.id(), dave.id());
    assertThat(g.events.notices()).extracting(MailboxEntry::notice).containsOnly(expected);
    assertThat(g.notices(bob)).as("only the creation").hasSize(1);
  }

  @Test
  void aNoticeFollowsTheUsersMessagesInItsOneMailbox() {
    g.f.messages.send(alice.id(), carol.id(), "dm-1", "hi carol");
    Group group = g.group(alice, bob);

    g.groups.invite(alice.id(), group.id(), List.of(carol.id()));

    List<MailboxEntry> box = g.mailbox(carol);
    assertThat(box).extracting(MailboxEntry::seq).containsExactly(1L, 2L);
    assertThat(box.get(0).isNotice()).isFalse();
    assertThat(box.get(1).notice().kind()).isEqualTo(GroupMessageKind.MEMBERS_JOINED);
    assertThat(g.events.notices()).containsExactly(box.get(1));
  }

  @Test
  void joiningAnOpenGroupTellsTheJoiner() {
    Group group = g.group(alice, JoinPolicy.OPEN, false, bob);
    User stranger = g.user("Stranger");

    g.groups.requestToJoin(stranger.id(), group.id(), "");

    assertThat(g.notices(stranger)).containsExactly(notice(group, GroupMessageKind.MEMBERS_JOINED, stranger, 2,
        GroupRole.MEMBER, null, "Team"));
  }

  @Test
  void aKickTellsTheKickedUserAndTheUpdateReachesIt() {
    Group group = g.group(alice, bob, carol);

    g.groups.kick(alice.id(), group.id(), carol.id());

    assertThat(g.notices(carol)).last().isEqualTo(notice(group, GroupMessageKind.MEMBER_KICKED, alice, 2, null, null,
        "Team"));
    assertThat(g.events.notices()).extracting(MailboxEntry::ownerId).containsExactly(carol.id());
    assertThat(g.events.groupUpdates()).singleElement()
        .satisfies(u -> assertThat(u.recipientIds()).contains(carol.id()).hasSize(3));
  }

  @Test
  void leavingTellsTheLeaversOtherSessions() {
    Group group = g.group(alice, bob, carol);

    g.groups.leave(carol.id(), group.id());

    assertThat(g.notices(carol)).last().isEqualTo(notice(group, GroupMessageKind.MEMBER_LEFT, carol, 2, null, null,
        "Team"));
    assertThat(g.events.groupUpdates()).singleElement()
        .satisfies(u -> assertThat(u.recipientIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id()));
  }

  @Test
  void aRoleChangeTellsTheTargetItsNewRole() {
    Group group = g.group(alice, bob);

    g.groups.setRole(alice.id(), group.id(), bob.id(), GroupRole.ADMIN);
    g.groups.setRole(alice.id(), group.id(), bob.id(), GroupRole.MEMBER);

    assertThat(g.notices(bob)).extracting(GroupNotice::kind, GroupNotice::role, GroupNotice::groupSeq).containsExactly(
        org.assertj.core.api.Assertions.tuple(GroupMessageKind.GROUP_CREATED, GroupRole.MEMBER, 1L),
        org.assertj.core.api.Assertions.tuple(GroupMessageKind.ROLE_CHANGED, GroupRole.ADMIN, 2L),
        org.assertj.core.api.Assertions.tuple(GroupMessageKind.ROLE_CHANGED, GroupRole.MEMBER, 3L));
    assertThat(g.notices(alice)).as("the owner's own membership did not change").hasSize(1);
  }

  @Test
  void aMuteTellsTheTargetUntilWhenAndAnUnmuteToo() {
    Group group = g.group(alice, bob);
    Instant until = g.clock.instant().plus(Duration.ofHours(2));

    g.groups.mute(alice.id(), group.id(), bob.id(), until);
    g.groups.mute(alice.id(), group.id(), bob.id(), null);

    assertThat(g.notices(bob).subList(1, 3)).containsExactly(
        notice(group, GroupMessageKind.MEMBER_MUTED, alice, 2, GroupRole.MEMBER, until, "Team"),
        notice(group, GroupMessageKind.MEMBER_MUTED, alice, 3, GroupRole.MEMBER, null, "Team"));
  }

  @Test
  void aTransferTellsTheNewOwner() {
    Group group = g.group(alice, bob);

    g.groups.transferOwnership(alice.id(), group.id(), bob.id());

    assertThat(g.notices(bob)).last().isEqualTo(notice(group, GroupMessageKind.OWNERSHIP_TRANSFERRED, alice, 2,
        GroupRole.OWNER, null, "Team"));
  }

  @Test
  void aNoticeCarriesTheGroupsNameAtTheChange() {
    Group group = g.group(alice, bob);
    g.groups.update(alice.id(), group.id(), new GroupUpdate("Renamed", null, null, null, null, null));

    g.groups.invite(alice.id(), group.id(), List.of(carol.id()));

    assertThat(g.notices(carol)).singleElement().extracting(GroupNotice::groupName).isEqualTo("Renamed");
    assertThat(g.notices(bob)).as("an info update is no membership change").hasSize(1);
  }

  // ---- dissolve ----

  @Test
  void onlyTheOwnerDissolves() {
    Group group = g.group(alice, bob, carol);
    g.makeAdmin(group, bob);

    ChatException admin = expectError(ErrorCode.NOT_ALLOWED, () -> g.groups.dissolve(bob.id(), group.id()));
    ChatException member = expectError(ErrorCode.NOT_ALLOWED, () -> g.groups.dissolve(carol.id(), group.id()));

    assertThat(admin).hasMessageContaining("only the owner of group " + group.id() + " may dissolve the group")
        .hasMessageContaining("user " + bob.id() + " is an admin");
    assertThat(member).hasMessageContaining("user " + carol.id() + " is a member");
    assertThat(g.current(group).dissolved()).isFalse();
    expectError(ErrorCode.NOT_A_MEMBER, () -> g.groups.dissolve(dave.id(), group.id()));
  }

  @Test
  void dissolvingTellsEveryFormerMember() {
    Group group = g.group(alice, bob, carol);

    g.groups.dissolve(alice.id(), group.id());

    Group after = g.current(group);
    assertThat(after.dissolved()).isTrue();
    assertThat(g.groupStore.memberIds(group.id())).isEmpty();
    assertThat(g.events.groupUpdates()).singleElement().satisfies(u -> {
      assertThat(u.group().dissolved()).isTrue();
      assertThat(u.message().kind()).isEqualTo(GroupMessageKind.GROUP_DISSOLVED);
      assertThat(u.message().seq()).isEqualTo(2);
      assertThat(u.recipientIds()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    });
    GroupNotice dissolved = notice(group, GroupMessageKind.GROUP_DISSOLVED, alice, 2, null, null, "Team");
    for (User former : new User[] {alice, bob, carol}) {
      assertThat(g.notices(former)).as(former.name()).last().isEqualTo(dissolved);
      assertThat(g.groups.list(former.id(), 10)).isEmpty();
    }
    assertThat(g.events.notices()).extracting(MailboxEntry::ownerId)
        .containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
  }

  @Test
  void afterDissolvingEveryOperationIsNotFound() {
    Group group = g.group(alice, JoinPolicy.APPROVAL, true, bob, carol);
    g.groups.requestToJoin(dave.id(), group.id(), "");
    long id = group.id();
    g.groups.dissolve(alice.id(), id);
    g.events.clear();
    GroupUpdate rename = new GroupUpdate("Back", null, null, null, null, null);
    Instant later = g.clock.instant().plusSeconds(60);

    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
        () -> g.groups.get(alice.id(), id),
        () -> g.groups.get(dave.id(), id),
        () -> g.groups.members(alice.id(), id, 0, 10),
        () -> g.groups.update(alice.id(), id, rename),
        () -> g.groups.updateMembership(bob.id(), id, "B", null),
        () -> g.groups.invite(alice.id(), id, List.of(dave.id())),
        () -> g.groups.requestToJoin(dave.id(), id, ""),
        () -> g.groups.joinRequests(alice.id(), id),
        () -> g.groups.answerJoinRequest(alice.id(), id, dave.id(), true),
        () -> g.groups.leave(bob.id(), id),
        () -> g.groups.kick(alice.id(), id, bob.id()),
        () -> g.groups.setRole(alice.id(), id, bob.id(), GroupRole.ADMIN),
        () -> g.groups.mute(alice.id(), id, bob.id(), later),
        () -> g.groups.transferOwnership(alice.id(), id, bob.id()),
        () -> g.groups.dissolve(alice.id(), id),
        () -> g.groups.send(bob.id(), null, id, "late", "anyone?"),
        () -> g.groups.sync(bob.id(), id, 0, 10),
        () -> g.groups.history(bob.id(), id, 0, 10),
        () -> g.groups.ack(bob.id(), id, 1),
        () -> g.groups.readCount(bob.id(), id, 1));
    for (var call : calls) {
      assertThat(expectError(ErrorCode.NOT_FOUND, call)).hasMessageContaining("group " + id + " was dissolved");
    }
    assertThat(g.events.groupUpdates()).isEmpty();
    assertThat(g.events.groupMessages()).isEmpty();
    assertThat(g.events.notices()).isEmpty();
  }

  private GroupNotice notice(Group group, GroupMessageKind kind, User actor, long groupSeq, GroupRole role,
      Instant mutedUntil, String name) {
    return new GroupNotice(group.id(), kind, actor.id(), groupSeq, role, mutedUntil, name, g.clock.instant());
  }

  private User user(long id) {
    return g.f.users.findById(id).orElseThrow();
  }
}
