package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Group;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The member limit, groups per user, users per request and the rates of {@link GroupLimits}. */
class GroupServiceLimitsTest {

  // ---- members per group and per request ----

  @Test
  void moreMembersThanOneRequestNamesIsABadRequestAndMoreThanTheLimitIsGroupFull() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(3, 500, 2, 1000, 20, 50, 500));
    User alice = g.user("Alice");
    User bob = g.friendOf("Bob", alice);
    User carol = g.friendOf("Carol", alice);
    User dave = g.friendOf("Dave", alice);

    ChatException tooMany = expectError(ErrorCode.BAD_REQUEST,
        () -> g.groups.create(alice.id(), "Team", GroupFixture.ids(bob, carol, dave), null, false, "", ""));
    assertThat(tooMany).hasMessageContaining("one request adds at most 2 users");

    GroupFixture wide = new GroupFixture(GroupFixture.limits(3, 500, 10, 1000, 20, 50, 500));
    User owner = wide.user("Owner");
    List<Long> three = GroupFixture.ids(wide.friendOf("M", owner), wide.friendOf("M", owner),
        wide.friendOf("M", owner));
    ChatException full = expectError(ErrorCode.GROUP_FULL,
        () -> wide.groups.create(owner.id(), "Team", three, null, false, "", ""));
    assertThat(full).hasMessageContaining("a group holds at most 3 members, 4 were asked for");
    assertThat(wide.groupStore.groupCount(owner.id())).isZero();

    Group exactly = wide.groups.create(owner.id(), "Team", three.subList(0, 2), null, false, "", "").group();
    assertThat(exactly.memberCount()).isEqualTo(3);
    assertThat(exactly.maxMembers()).isEqualTo(3);
  }

  @Test
  void repeatsDoNotCountTowardsTheUsersOfOneRequest() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(10, 500, 2, 1000, 20, 50, 500));
    User alice = g.user("Alice");
    User bob = g.friendOf("Bob", alice);
    User carol = g.friendOf("Carol", alice);

    Group group = g.groups.create(alice.id(), "Team",
        List.of(bob.id(), bob.id(), alice.id(), carol.id(), carol.id()), null, false, "", "").group();

    assertThat(group.memberCount()).isEqualTo(3);
    ChatException e = expectError(ErrorCode.BAD_REQUEST, () -> g.groups.invite(alice.id(), group.id(),
        GroupFixture.ids(g.friendOf("X", alice), g.friendOf("Y", alice), g.friendOf("Z", alice))));
    assertThat(e).hasMessageContaining("at most 2 users");
  }

  @Test
  void theDefaultMemberLimitIs500() {
    GroupFixture g = new GroupFixture();
    User alice = g.user("Alice");

    assertThat(g.group(alice).maxMembers()).isEqualTo(500);
  }

  // ---- groups per user ----

  @Test
  void aCreatorInTheMostGroupsMayNotCreateAnother() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(10, 2, 100, 1000, 20, 50, 500));
    User alice = g.user("Alice");
    g.group(alice);
    g.group(alice);

    ChatException e = expectError(ErrorCode.NOT_ALLOWED, () -> g.groups.create(alice.id(), "Third", List.of(), null,
        false, "", ""));

    assertThat(e).hasMessageContaining("user " + alice.id() + " is in 2 groups, the most one user may join");
    assertThat(g.groupStore.groupCount(alice.id())).isEqualTo(2);
  }

  @Test
  void anInviteeInTheMostGroupsIsRefusedByCreateInviteJoinAndAccept() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(10, 1, 100, 1000, 20, 50, 500));
    User alice = g.user("Alice");
    User bob = g.friendOf("Bob", alice);
    User carol = g.friendOf("Carol", alice, bob);
    g.group(bob, carol); // carol is in one group: her limit

    ChatException create = expectError(ErrorCode.NOT_ALLOWED,
        () -> g.groups.create(alice.id(), "Team", List.of(carol.id()), null, false, "", ""));
    assertThat(create).hasMessageContaining("user " + carol.id() + " is in 1 groups");
    assertThat(g.groupStore.groupCount(alice.id())).isZero();

    GroupFixture h = new GroupFixture(GroupFixture.limits(10, 1, 100, 1000, 20, 50, 500));
    User owner = h.user("Owner");
    User busy = h.friendOf("Busy", owner);
    Group open = h.group(owner, JoinPolicy.OPEN, false);
    Group approval = h.group(h.user("Other"), JoinPolicy.APPROVAL, false);
    h.groups.requestToJoin(busy.id(), approval.id(), "before I was busy");
    h.group(h.friendOf("Third", busy), busy);

    ChatException invite = expectError(ErrorCode.NOT_ALLOWED,
        () -> h.groups.invite(owner.id(), open.id(), List.of(busy.id())));
    ChatException join = expectError(ErrorCode.NOT_ALLOWED, () -> h.groups.requestToJoin(busy.id(), open.id(), ""));
    ChatException accept = expectError(ErrorCode.NOT_ALLOWED, () -> h.groups.answerJoinRequest(
        approval.ownerId(), approval.id(), busy.id(), true));

    assertThat(invite).hasMessageContaining("user " + busy.id() + " is in 1 groups, the most one user may join");
    assertThat(join).hasMessageContaining("user " + busy.id() + " is in 1 groups");
    assertThat(accept).hasMessageContaining("user " + busy.id() + " is in 1 groups");
    assertThat(h.groupStore.groupCount(busy.id())).isEqualTo(1);
  }

  // ---- rates ----

  @Test
  void createsPastTheRateAreRateLimitedWithARetryAfter() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(10, 500, 100, 1000, 2, 50, 500));
    User alice = g.user("Alice");
    g.group(alice);
    g.group(alice);

    ChatException e = expectError(ErrorCode.RATE_LIMITED, () -> g.groups.create(alice.id(), "Third", List.of(), null,
        false, "", ""));

    assertThat(e).hasMessageContaining("user " + alice.id() + " reached 2 group creations per PT1H");
    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
    assertThat(g.groupStore.groupCount(alice.id())).isEqualTo(2);
    User bob = g.user("Bob");
    assertThat(g.group(bob).ownerId()).as("the rate is per user").isEqualTo(bob.id());

    g.clock.advance(e.retryAfter());
    assertThat(g.group(alice).ownerId()).isEqualTo(alice.id());
  }

  @Test
  void refusedCreatesDoNotSpendTheRate() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(10, 500, 100, 1000, 1, 50, 500));
    User alice = g.user("Alice");

    expectError(ErrorCode.BAD_REQUEST, () -> g.groups.create(alice.id(), " ", List.of(), null, false, "", ""));
    expectError(ErrorCode.NOT_FRIENDS, () -> g.groups.create(alice.id(), "Team", List.of(g.user("S").id()), null,
        false, "", ""));

    assertThat(g.group(alice).ownerId()).isEqualTo(alice.id());
  }

  @Test
  void invitesPastTheRateAreRateLimited() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(10, 500, 100, 2, 20, 50, 500));
    User alice = g.user("Alice");
    User bob = g.friendOf("Bob", alice);
    User carol = g.friendOf("Carol", alice);
    Group group = g.group(alice);
    g.groups.invite(alice.id(), group.id(), List.of(bob.id()));
    g.groups.invite(alice.id(), group.id(), List.of(bob.id())); // a request, even when it adds nobody

    ChatException e = expectError(ErrorCode.RATE_LIMITED,
        () -> g.groups.invite(alice.id(), group.id(), List.of(carol.id())));

    assertThat(e).hasMessageContaining("user " + alice.id() + " reached 2 group invites per PT1H");
    assertThat(e.retryAfter()).isPositive();
    assertThat(g.groupStore.member(group.id(), carol.id())).isEmpty();
    g.clock.advance(e.retryAfter());
    assertThat(g.groups.invite(alice.id(), group.id(), List.of(carol.id())).addedIds()).containsExactly(carol.id());
  }

  @Test
  void joinRequestsPastTheRateAreRateLimited() {
    GroupFixture g = new GroupFixture(GroupFixture.limits(10, 500, 100, 1000, 20, 2, 500));
    User owner = g.user("Owner");
    User asker = g.user("Asker");
    Group approval = g.group(owner, JoinPolicy.APPROVAL, false);
    Group open = g.group(owner, JoinPolicy.OPEN, false);
    g.groups.requestToJoin(asker.id(), approval.id(), "one");
    g.groups.requestToJoin(asker.id(), approval.id(), "two");

    ChatException e = expectError(ErrorCode.RATE_LIMITED, () -> g.groups.requestToJoin(asker.id(), open.id(), ""));

    assertThat(e).hasMessageContaining("user " + asker.id() + " reached 2 join requests per PT1H");
    assertThat(e.retryAfter()).isPositive();
    assertThat(g.groupStore.member(open.id(), asker.id())).isEmpty();
    g.clock.advance(e.retryAfter());
    assertThat(g.groups.requestToJoin(asker.id(), open.id(), "").joined()).isTrue();
  }
}
