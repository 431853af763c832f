package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRevisionResult;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.NewGroup;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.UniqueNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link GroupStore}. Members are plain user ids (whether a user exists is the
 * service's concern), drawn at random, so a shared backend that other tests and earlier runs also
 * write is fine. {@link #newStore()} is called before each test and may return a shared instance.
 * Timestamps are whole milliseconds, the precision every store must keep; each test takes its times
 * from a fresh base so that "most recently active" never ties.
 */
public abstract class GroupStoreContract {
  private static final String UNICODE = "héllo 👋🏽 世界";

  protected GroupStore groups;
  private Instant base;

  /** The store under test; may be shared by every test. */
  protected abstract GroupStore newStore();

  /**
   * Appends each of the 64 concurrent senders makes in {@link #concurrentSendersGetGapFreeSeqs}.
   * 50 keeps a database run short; a fast in-memory store may raise it so the threads overlap more.
   */
  protected int appendsPerConcurrentSender() {
    return 50;
  }

  /**
   * Rounds of {@link #concurrentRetriesOfOneClientMessageIdStoreItOnce}, each racing 8 threads on
   * one client message id. 50 suits a database; an in-memory store needs more to make the race likely.
   */
  protected int concurrentDuplicateRounds() {
    return 50;
  }

  @BeforeEach
  void createStore() {
    groups = newStore();
    base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** A fresh random user id. */
  protected static long user() {
    return UniqueNames.userId();
  }

  /** The test's base time plus {@code seconds}: later arguments are later times. */
  protected Instant at(int seconds) {
    return base.plusSeconds(seconds);
  }

  private Group create(long owner, long... members) {
    return create(owner, 500, at(0), members);
  }

  private Group create(long owner, int maxMembers, Instant at, long... members) {
    return groups.create(newGroup(owner, maxMembers, members), at);
  }

  private static NewGroup newGroup(long owner, int maxMembers, long... members) {
    return new NewGroup(owner, LongStream.of(members).boxed().toList(), "group " + UniqueNames.token(), "", "",
        JoinPolicy.INVITE_ONLY, false, maxMembers);
  }

  private GroupMessage send(long groupId, long sender, String text) {
    GroupAppendResult r = groups.append(groupId, sender, "c-" + UniqueNames.token(), text, at(1));
    assertThat(r.duplicate()).isFalse();
    return r.message();
  }

  private long lastSeq(long groupId) {
    return groups.find(groupId).orElseThrow().lastSeq();
  }

  private GroupMember member(long groupId, long userId) {
    return groups.member(groupId, userId).orElseThrow(() -> new AssertionError(userId + " is no member"));
  }

  private List<GroupMessage> log(long groupId) {
    List<GroupMessage> all = new ArrayList<>();
    List<GroupMessage> page;
    long after = 0;
    while (!(page = groups.readAfter(groupId, after, 500)).isEmpty()) {
      all.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
    return all;
  }

  private static List<Long> seqs(List<GroupMessage> entries) {
    return entries.stream().map(GroupMessage::seq).toList();
  }

  private static void assertRefused(ErrorCode code, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static ErrorCode outcome(Supplier<?> call) {
    try {
      call.get();
      return null;
    } catch (ChatException e) {
      return e.code();
    }
  }

  // ---------------------------------------------------------------- create, find, members

  @Test
  void createMakesTheOwnerAndMembersAndLogsGroupCreated() {
    long owner = user();
    long b = user();
    long c = user();
    Instant at = at(0);
    Group g = groups.create(new NewGroup(owner, List.of(b, c), "Team " + UNICODE, "https://a/b.png", "read me",
        JoinPolicy.APPROVAL, true, 40), at);

    assertThat(g.id()).isPositive();
    assertThat(g).isEqualTo(new Group(g.id(), "Team " + UNICODE, "https://a/b.png", "read me", owner,
        JoinPolicy.APPROVAL, true, false, 3, 40, 1, at, false));
    assertThat(groups.find(g.id())).contains(g);
    assertThat(member(g.id(), owner))
        .isEqualTo(new GroupMember(g.id(), owner, GroupRole.OWNER, 0, 0, null, "", "", at));
    assertThat(member(g.id(), b)).isEqualTo(new GroupMember(g.id(), b, GroupRole.MEMBER, 0, 0, null, "", "", at));
    assertThat(member(g.id(), c).role()).isEqualTo(GroupRole.MEMBER);

    List<GroupMessage> log = groups.readAfter(g.id(), 0, 10);
    assertThat(log).hasSize(1);
    GroupMessage created = log.get(0);
    assertThat(created.id()).isPositive();
    assertThat(created).isEqualTo(new GroupMessage(g.id(), 1, created.id(), owner, "", "", at,
        GroupMessageKind.GROUP_CREATED, List.of(owner, b, c), null, null));
  }

  @Test
  void aGroupOfOneIsFineAndGroupIdsDiffer() {
    long owner = user();
    Group one = create(owner);
    Group two = create(owner);
    assertThat(one.id()).isNotEqualTo(two.id());
    assertThat(one.memberCount()).isEqualTo(1);
    assertThat(groups.memberIds(one.id())).containsExactly(owner);
    assertThat(groups.readAfter(one.id(), 0, 10)).singleElement()
        .satisfies(m -> assertThat(m.targetIds()).containsExactly(owner));
  }

  @Test
  void unknownGroupsAndNonMembersAreEmpty() {
    long owner = user();
    Group g = create(owner);
    long unknown = unknownGroupId();
    assertThat(groups.find(unknown)).isEmpty();
    assertThat(groups.member(unknown, owner)).isEmpty();
    assertThat(groups.member(g.id(), user())).isEmpty();
    assertThat(groups.members(unknown, 0, 10)).isEmpty();
    assertThat(groups.memberIds(unknown)).isEmpty();
    assertThat(groups.readAfter(unknown, 0, 10)).isEmpty();
    assertThat(groups.readBefore(unknown, 0, 0, 10)).isEmpty();
    assertThat(groups.joinRequests(unknown, 10)).isEmpty();
    assertThat(groups.joinRequestCount(unknown)).isZero();
    assertThat(groups.joinRequest(unknown, owner)).isEmpty();
  }

  /** An id no group has: far above any id a store hands out in a test run. */
  protected long unknownGroupId() {
    return (1L << 52) + UniqueNames.userId();
  }

  @Test
  void membersPageAscendingByUserIdAndMemberIdsAreSorted() {
    long owner = user();
    long[] others = LongStream.range(0, 6).map(i -> user()).toArray();
    Group g = create(owner, others);
    long[] all = LongStream.concat(LongStream.of(owner), LongStream.of(others)).sorted().toArray();

    assertThat(groups.memberIds(g.id())).containsExactly(all);
    List<Long> walked = new ArrayList<>();
    long after = 0;
    List<GroupMember> page;
    while (!(page = groups.members(g.id(), after, 3)).isEmpty()) {
      assertThat(page.size()).isLessThanOrEqualTo(3);
      assertThat(walked.size()).as("paging must end").isLessThanOrEqualTo(all.length);
      page.forEach(m -> walked.add(m.userId()));
      after = page.get(page.size() - 1).userId();
    }
    assertThat(walked).containsExactlyElementsOf(LongStream.of(all).boxed().toList());
    assertThat(groups.members(g.id(), all[2], 2)).extracting(GroupMember::userId).containsExactly(all[3], all[4]);
    assertThat(groups.members(g.id(), all[all.length - 1], 10)).isEmpty();
    assertThat(groups.members(g.id(), 0, 100)).allSatisfy(m -> assertThat(m.groupId()).isEqualTo(g.id()));
  }

  // ---------------------------------------------------------------- addMembers

  @Test
  void addMembersAddsTheNewOnesLogsOneJoinEntryAndReportsTheRest() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    long c = user();
    long d = user();
    Instant at = at(5);
    MembershipChange change = groups.addMembers(g.id(), b, List.of(d, owner, c, b), at);

    assertThat(change.addedIds()).containsExactly(d, c);
    assertThat(change.alreadyMemberIds()).containsExactlyInAnyOrder(owner, b);
    GroupMessage joined = change.systemMessage();
    assertThat(joined).isEqualTo(new GroupMessage(g.id(), 2, joined.id(), b, "", "", at,
        GroupMessageKind.MEMBERS_JOINED, List.of(d, c), null, null));
    assertThat(groups.readAfter(g.id(), 1, 10)).containsExactly(joined);
    assertThat(member(g.id(), c)).isEqualTo(new GroupMember(g.id(), c, GroupRole.MEMBER, 1, 1, null, "", "", at));
    assertThat(member(g.id(), d).joinedSeq()).isEqualTo(1);
    assertThat(member(g.id(), b).joinedSeq()).as("an existing member is left as it was").isZero();
    Group after = groups.find(g.id()).orElseThrow();
    assertThat(after.memberCount()).isEqualTo(4);
    assertThat(after.lastSeq()).isEqualTo(2);
  }

  @Test
  void theJoinEntryIsTheFirstEntryANewMemberSees() {
    long owner = user();
    Group g = create(owner);
    send(g.id(), owner, "before 1");
    send(g.id(), owner, "before 2");
    long late = user();
    GroupMessage joined = groups.addMembers(g.id(), owner, List.of(late), at(2)).systemMessage();

    assertThat(joined.seq()).isEqualTo(4);
    GroupMember m = member(g.id(), late);
    assertThat(m.joinedSeq()).isEqualTo(joined.seq() - 1);
    assertThat(m.readSeq()).isEqualTo(m.joinedSeq());
    assertThat(m.sees(joined.seq())).isTrue();
    assertThat(groups.readAfter(g.id(), m.joinedSeq(), 10)).first().isEqualTo(joined);
  }

  @Test
  void addingOnlyMembersWritesNothing() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    MembershipChange change = groups.addMembers(g.id(), owner, List.of(b, owner), at(1));
    assertThat(change.addedIds()).isEmpty();
    assertThat(change.alreadyMemberIds()).containsExactlyInAnyOrder(b, owner);
    assertThat(change.systemMessage()).isNull();
    assertThat(lastSeq(g.id())).isEqualTo(1);
    assertThat(groups.find(g.id()).orElseThrow().memberCount()).isEqualTo(2);
  }

  @Test
  void addMembersIsAllOrNoneAtTheGroupsLimit() {
    long owner = user();
    long b = user();
    Group g = create(owner, 4, at(0), b);
    long c = user();
    long d = user();
    long e = user();

    assertRefused(ErrorCode.GROUP_FULL, () -> groups.addMembers(g.id(), owner, List.of(c, d, e), at(1)));
    assertThat(groups.member(g.id(), c)).isEmpty();
    assertThat(groups.memberIds(g.id())).hasSize(2);
    assertThat(lastSeq(g.id())).as("a refused add logs nothing").isEqualTo(1);

    // members already in count once: owner, b, c, d is exactly the limit
    MembershipChange change = groups.addMembers(g.id(), owner, List.of(b, c, d), at(2));
    assertThat(change.addedIds()).containsExactly(c, d);
    assertThat(groups.find(g.id()).orElseThrow().memberCount()).isEqualTo(4);
    assertRefused(ErrorCode.GROUP_FULL, () -> groups.addMembers(g.id(), owner, List.of(e), at(3)));
    assertThat(groups.addMembers(g.id(), owner, List.of(d), at(3)).addedIds()).as("nobody new fits anyway").isEmpty();

    groups.removeMember(g.id(), d, d, GroupMessageKind.MEMBER_LEFT, at(4));
    assertThat(groups.addMembers(g.id(), owner, List.of(e), at(5)).addedIds()).containsExactly(e);
  }

  @Test
  void theLimitHoldsUnderConcurrentAdds() {
    long owner = user();
    Group g = create(owner, 10, at(0));
    List<ErrorCode> outcomes = Concurrently.call(16,
        i -> outcome(() -> groups.addMembers(g.id(), owner, List.of(user()), at(1))));
    assertThat(outcomes).filteredOn(o -> o == null).hasSize(9);
    assertThat(outcomes).filteredOn(o -> o == ErrorCode.GROUP_FULL).hasSize(7);
    assertThat(groups.memberIds(g.id())).hasSize(10);
    assertThat(groups.find(g.id()).orElseThrow().memberCount()).isEqualTo(10);
    assertThat(seqs(log(g.id()))).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
  }

  @Test
  void addMembersRemovesTheirJoinRequests() {
    long owner = user();
    Group g = create(owner);
    long asker = user();
    long other = user();
    groups.requestJoin(g.id(), asker, "let me in", at(1));
    groups.requestJoin(g.id(), other, "me too", at(2));
    groups.addMembers(g.id(), owner, List.of(asker), at(3));

    assertThat(groups.joinRequest(g.id(), asker)).isEmpty();
    assertThat(groups.joinRequests(g.id(), 10)).extracting(JoinRequest::requesterId).containsExactly(other);
    assertThat(groups.joinRequestCount(g.id())).isEqualTo(1);
  }

  // ---------------------------------------------------------------- removeMember

  @Test
  void leavingAndKickingRemoveTheMemberAndLogWhoDidIt() {
    long owner = user();
    long admin = user();
    long b = user();
    long c = user();
    Group g = create(owner, admin, b, c);

    GroupMessage left = groups.removeMember(g.id(), b, b, GroupMessageKind.MEMBER_LEFT, at(1)).orElseThrow();
    assertThat(left).isEqualTo(new GroupMessage(g.id(), 2, left.id(), b, "", "", at(1), GroupMessageKind.MEMBER_LEFT,
        List.of(b), null, null));
    GroupMessage kicked = groups.removeMember(g.id(), admin, c, GroupMessageKind.MEMBER_KICKED, at(2)).orElseThrow();
    assertThat(kicked).isEqualTo(new GroupMessage(g.id(), 3, kicked.id(), admin, "", "", at(2),
        GroupMessageKind.MEMBER_KICKED, List.of(c), null, null));

    assertThat(groups.member(g.id(), b)).isEmpty();
    assertThat(groups.member(g.id(), c)).isEmpty();
    assertThat(groups.memberIds(g.id())).containsExactlyInAnyOrder(owner, admin);
    Group after = groups.find(g.id()).orElseThrow();
    assertThat(after.memberCount()).isEqualTo(2);
    assertThat(after.lastSeq()).isEqualTo(3);
    assertThat(groups.readAfter(g.id(), 1, 10)).containsExactly(left, kicked);
  }

  @Test
  void removingANonMemberIsEmptyAndLogsNothing() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    groups.removeMember(g.id(), b, b, GroupMessageKind.MEMBER_LEFT, at(1));
    assertThat(groups.removeMember(g.id(), b, b, GroupMessageKind.MEMBER_LEFT, at(2))).isEmpty();
    assertThat(groups.removeMember(g.id(), owner, user(), GroupMessageKind.MEMBER_KICKED, at(2))).isEmpty();
    assertThat(lastSeq(g.id())).isEqualTo(2);
  }

  @Test
  void theOwnerCannotBeRemoved() {
    long owner = user();
    long admin = user();
    Group g = create(owner, admin);
    assertRefused(ErrorCode.NOT_ALLOWED,
        () -> groups.removeMember(g.id(), owner, owner, GroupMessageKind.MEMBER_LEFT, at(1)));
    assertRefused(ErrorCode.NOT_ALLOWED,
        () -> groups.removeMember(g.id(), admin, owner, GroupMessageKind.MEMBER_KICKED, at(1)));
    assertThat(member(g.id(), owner).role()).isEqualTo(GroupRole.OWNER);
    assertThat(lastSeq(g.id())).isEqualTo(1);
  }

  @Test
  void aMemberWhoLeftAndRejoinedSeesOnlyWhatFollowedTheRejoin() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    groups.removeMember(g.id(), b, b, GroupMessageKind.MEMBER_LEFT, at(1));
    send(g.id(), owner, "while b was away");
    GroupMessage back = groups.addMembers(g.id(), owner, List.of(b), at(2)).systemMessage();
    GroupMember m = member(g.id(), b);
    assertThat(m.joinedSeq()).isEqualTo(back.seq() - 1);
    assertThat(m.joinedAt()).isEqualTo(at(2));
    assertThat(m.role()).isEqualTo(GroupRole.MEMBER);
  }

  // ---------------------------------------------------------------- roles and ownership

  @Test
  void setRoleChangesANonOwnersRoleAndLogsIt() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    GroupMessage promoted = groups.setRole(g.id(), owner, b, GroupRole.ADMIN, at(1)).orElseThrow();
    assertThat(promoted).isEqualTo(new GroupMessage(g.id(), 2, promoted.id(), owner, "", "", at(1),
        GroupMessageKind.ROLE_CHANGED, List.of(b), GroupRole.ADMIN, null));
    assertThat(member(g.id(), b).role()).isEqualTo(GroupRole.ADMIN);

    GroupMessage demoted = groups.setRole(g.id(), owner, b, GroupRole.MEMBER, at(2)).orElseThrow();
    assertThat(demoted.role()).isEqualTo(GroupRole.MEMBER);
    assertThat(demoted.seq()).isEqualTo(3);
    assertThat(member(g.id(), b).role()).isEqualTo(GroupRole.MEMBER);
    assertThat(groups.setRole(g.id(), owner, user(), GroupRole.ADMIN, at(3))).isEmpty();
    assertThat(lastSeq(g.id())).isEqualTo(3);
  }

  @Test
  void setRoleRefusesOwnerAsRoleAndTheOwnerAsTarget() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    assertThatThrownBy(() -> groups.setRole(g.id(), owner, b, GroupRole.OWNER, at(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertRefused(ErrorCode.NOT_ALLOWED, () -> groups.setRole(g.id(), b, owner, GroupRole.MEMBER, at(1)));
    assertThat(member(g.id(), owner).role()).isEqualTo(GroupRole.OWNER);
    assertThat(member(g.id(), b).role()).isEqualTo(GroupRole.MEMBER);
    assertThat(lastSeq(g.id())).isEqualTo(1);
  }

  @Test
  void transferOwnershipSwapsOwnerAndAdmin() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    GroupMessage moved = groups.transferOwnership(g.id(), owner, b, at(1)).orElseThrow();
    assertThat(moved).isEqualTo(new GroupMessage(g.id(), 2, moved.id(), owner, "", "", at(1),
        GroupMessageKind.OWNERSHIP_TRANSFERRED, List.of(b), null, null));
    assertThat(member(g.id(), b).role()).isEqualTo(GroupRole.OWNER);
    assertThat(member(g.id(), owner).role()).isEqualTo(GroupRole.ADMIN);
    assertThat(groups.find(g.id()).orElseThrow().ownerId()).isEqualTo(b);

    assertRefused(ErrorCode.NOT_ALLOWED, () -> groups.transferOwnership(g.id(), owner, b, at(2)));
    assertThat(groups.transferOwnership(g.id(), b, user(), at(2))).as("to a non-member").isEmpty();
    assertThat(groups.find(g.id()).orElseThrow().ownerId()).isEqualTo(b);
    assertThat(lastSeq(g.id())).isEqualTo(2);
    // the old owner is an ordinary non-owner now
    assertThat(groups.removeMember(g.id(), owner, owner, GroupMessageKind.MEMBER_LEFT, at(3))).isPresent();
  }

  @Test
  void concurrentTransfersLeaveExactlyOneOwner() {
    long owner = user();
    long[] heirs = LongStream.range(0, 8).map(i -> user()).toArray();
    Group g = create(owner, heirs);
    List<ErrorCode> outcomes = Concurrently.call(heirs.length,
        i -> outcome(() -> groups.transferOwnership(g.id(), owner, heirs[i], at(1))));

    assertThat(outcomes).filteredOn(o -> o == null).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == ErrorCode.NOT_ALLOWED).hasSize(heirs.length - 1);
    long heir = heirs[outcomes.indexOf(null)];
    assertThat(groups.members(g.id(), 0, 100)).filteredOn(m -> m.role() == GroupRole.OWNER)
        .extracting(GroupMember::userId).containsExactly(heir);
    assertThat(groups.find(g.id()).orElseThrow().ownerId()).isEqualTo(heir);
    assertThat(lastSeq(g.id())).isEqualTo(2);
  }

  // ---------------------------------------------------------------- mute, update, updateMembership

  @Test
  void muteAndUnmuteAreStoredAndLogged() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    Instant until = at(3600);
    GroupMessage muted = groups.mute(g.id(), owner, b, until, at(1)).orElseThrow();
    assertThat(muted).isEqualTo(new GroupMessage(g.id(), 2, muted.id(), owner, "", "", at(1),
        GroupMessageKind.MEMBER_MUTED, List.of(b), null, until));
    assertThat(member(g.id(), b).mutedUntil()).isEqualTo(until);
    assertThat(member(g.id(), b).mutedAt(at(2))).isTrue();

    GroupMessage unmuted = groups.mute(g.id(), owner, b, null, at(2)).orElseThrow();
    assertThat(unmuted.kind()).isEqualTo(GroupMessageKind.MEMBER_MUTED);
    assertThat(unmuted.mutedUntil()).isNull();
    assertThat(unmuted.seq()).isEqualTo(3);
    assertThat(member(g.id(), b).mutedUntil()).isNull();
    assertThat(groups.mute(g.id(), owner, user(), until, at(3))).isEmpty();
    assertThat(lastSeq(g.id())).isEqualTo(3);
  }

  @Test
  void updateChangesOnlyTheGivenFieldsAndLogsIt() {
    long owner = user();
    long admin = user();
    Group g = create(owner, admin);
    GroupMessage updated = groups.update(g.id(), admin,
        new GroupUpdate("renamed " + UNICODE, "https://x/y.png", "new notice", JoinPolicy.OPEN, true, true), at(1));
    assertThat(updated.kind()).isEqualTo(GroupMessageKind.GROUP_INFO_UPDATED);
    assertThat(updated.senderId()).isEqualTo(admin);
    assertThat(updated.seq()).isEqualTo(2);
    assertThat(updated.sentAt()).isEqualTo(at(1));
    assertThat(updated.clientMsgId()).isEmpty();
    assertThat(updated.text()).isEmpty();
    assertThat(groups.readAfter(g.id(), 1, 10)).containsExactly(updated);
    assertThat(groups.find(g.id()).orElseThrow()).isEqualTo(new Group(g.id(), "renamed " + UNICODE,
        "https://x/y.png", "new notice", owner, JoinPolicy.OPEN, true, true, 2, g.maxMembers(), 2, g.createdAt(),
        false));

    groups.update(g.id(), owner, new GroupUpdate(null, null, null, null, false, null), at(2));
    Group partly = groups.find(g.id()).orElseThrow();
    assertThat(partly).isEqualTo(new Group(g.id(), "renamed " + UNICODE, "https://x/y.png", "new notice", owner,
        JoinPolicy.OPEN, false, true, 2, g.maxMembers(), 3, g.createdAt(), false));

    groups.update(g.id(), owner, new GroupUpdate(null, "", "", null, null, false), at(3));
    Group cleared = groups.find(g.id()).orElseThrow();
    assertThat(cleared.avatarUrl()).isEmpty();
    assertThat(cleared.notice()).isEmpty();
    assertThat(cleared.muteAll()).isFalse();
    assertThat(cleared.name()).isEqualTo("renamed " + UNICODE);
    assertThat(cleared.joinPolicy()).isEqualTo(JoinPolicy.OPEN);
  }

  @Test
  void updateMembershipSetsNicknameAndRemarkWithoutALogEntry() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    GroupMember m = groups.updateMembership(g.id(), b, "Bee " + UNICODE, null).orElseThrow();
    assertThat(m.nickname()).isEqualTo("Bee " + UNICODE);
    assertThat(m.remark()).isEmpty();
    assertThat(member(g.id(), b)).isEqualTo(m);

    GroupMember both = groups.updateMembership(g.id(), b, null, "my team").orElseThrow();
    assertThat(both.nickname()).isEqualTo("Bee " + UNICODE);
    assertThat(both.remark()).isEqualTo("my team");
    assertThat(both.role()).isEqualTo(GroupRole.MEMBER);
    assertThat(both.joinedSeq()).isZero();
    assertThat(member(g.id(), owner).nickname()).as("only b's membership changed").isEmpty();
    assertThat(groups.updateMembership(g.id(), user(), "x", "y")).isEmpty();
    assertThat(lastSeq(g.id())).isEqualTo(1);
  }

  // ---------------------------------------------------------------- dissolve

  @Test
  void dissolveLogsLastRemovesEveryoneAndReturnsTheFormerMembers() {
    long owner = user();
    long b = user();
    long c = user();
    Group g = create(owner, b, c);
    send(g.id(), b, "bye");
    groups.requestJoin(g.id(), user(), "hi", at(1));

    GroupStore.Dissolution d = groups.dissolve(g.id(), owner, at(2));
    GroupMessage last = d.systemMessage();
    assertThat(last).isEqualTo(new GroupMessage(g.id(), 3, last.id(), owner, "", "", at(2),
        GroupMessageKind.GROUP_DISSOLVED, last.targetIds(), null, null));
    long[] sorted = LongStream.of(owner, b, c).sorted().toArray();
    assertThat(d.formerMemberIds()).containsExactly(sorted);

    Group gone = groups.find(g.id()).orElseThrow();
    assertThat(gone.dissolved()).isTrue();
    assertThat(gone.memberCount()).isZero();
    assertThat(gone.lastSeq()).isEqualTo(3);
    assertThat(groups.memberIds(g.id())).isEmpty();
    assertThat(groups.members(g.id(), 0, 10)).isEmpty();
    assertThat(groups.member(g.id(), owner)).isEmpty();
    assertThat(groups.joinRequestCount(g.id())).isZero();
    assertThat(groups.joinRequests(g.id(), 10)).isEmpty();
    assertThat(groups.groupsOf(b, 10)).isEmpty();
    assertThat(groups.groupCount(b)).isZero();
  }

  @Test
  void everyWriteOnADissolvedGroupIsNotFound() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    groups.dissolve(g.id(), owner, at(1));
    assertEveryWriteIsNotFound(g.id(), owner, b);
    assertThat(lastSeq(g.id())).as("nothing follows the dissolution").isEqualTo(2);
    assertThat(groups.readAfter(g.id(), 2, 10)).isEmpty();
  }

  @Test
  void everyWriteOnAGroupThatNeverExistedIsNotFound() {
    long unknown = unknownGroupId();
    assertEveryWriteIsNotFound(unknown, user(), user());
    assertThat(groups.find(unknown)).isEmpty();
  }

  private void assertEveryWriteIsNotFound(long groupId, long owner, long b) {
    Instant at = at(10);
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.addMembers(groupId, owner, List.of(user()), at));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.removeMember(groupId, b, b, GroupMessageKind.MEMBER_LEFT, at));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.setRole(groupId, owner, b, GroupRole.ADMIN, at));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.transferOwnership(groupId, owner, b, at));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.mute(groupId, owner, b, at(99), at));
    assertRefused(ErrorCode.NOT_FOUND,
        () -> groups.update(groupId, owner, new GroupUpdate("x", null, null, null, null, null), at));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.updateMembership(groupId, b, "nick", null));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.dissolve(groupId, owner, at));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.append(groupId, b, "c-" + UniqueNames.token(), "hi", at));
    assertThat(groups.appendAsync(groupId, b, "c-" + UniqueNames.token(), "hi", at))
        .failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .satisfies(e -> assertThat(((ChatException) e.getCause()).code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.ack(groupId, b, 1));
    assertRefused(ErrorCode.NOT_FOUND, () -> groups.requestJoin(groupId, user(), "hi", at));
  }

  // ---------------------------------------------------------------- append

  @Test
  void appendStoresATextAtTheNextSeq() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    Instant sentAt = at(1);
    GroupAppendResult r = groups.append(g.id(), b, "client-1", UNICODE, sentAt);

    assertThat(r.duplicate()).isFalse();
    GroupMessage m = r.message();
    assertThat(m.id()).isPositive();
    assertThat(m).isEqualTo(GroupMessage.text(g.id(), 2, m.id(), b, "client-1", UNICODE, sentAt));
    assertThat(groups.readAfter(g.id(), 1, 10)).containsExactly(m);
    assertThat(lastSeq(g.id())).isEqualTo(2);

    GroupMessage next = send(g.id(), owner, "second");
    assertThat(next.seq()).isEqualTo(3);
    assertThat(next.id()).as("ids increase with time").isGreaterThan(m.id());
  }

  @Test
  void longUnicodeTextAndLongClientIdsSurvive() {
    long owner = user();
    Group g = create(owner);
    String text = "😀".repeat(2000);
    String clientId = "x".repeat(dev.parley.core.model.Message.MAX_CLIENT_MSG_ID);
    GroupMessage m = groups.append(g.id(), owner, clientId, text, at(1)).message();
    GroupMessage stored = groups.readAfter(g.id(), 1, 1).get(0);
    assertThat(stored).isEqualTo(m);
    assertThat(stored.text()).isEqualTo(text);
    assertThat(stored.clientMsgId()).isEqualTo(clientId);
  }

  @Test
  void aRepeatedClientMessageIdReturnsTheOriginalAndWritesNothing() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    GroupAppendResult original = groups.append(g.id(), b, "same", "first", at(1));
    GroupAppendResult repeat = groups.append(g.id(), b, "same", "second", at(5));

    assertThat(repeat.duplicate()).isTrue();
    assertThat(repeat.message()).isEqualTo(original.message());
    assertThat(lastSeq(g.id())).isEqualTo(2);
    assertThat(groups.readAfter(g.id(), 1, 10)).extracting(GroupMessage::text).containsExactly("first");

    GroupAppendResult otherSender = groups.append(g.id(), owner, "same", "from the owner", at(6));
    assertThat(otherSender.duplicate()).as("client ids are scoped to the sender").isFalse();
    assertThat(otherSender.message().seq()).isEqualTo(3);
  }

  @Test
  void aRetryAfterTheSenderLeftIsStillADuplicate() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    GroupMessage original = groups.append(g.id(), b, "sent-then-left", "hi", at(1)).message();
    groups.removeMember(g.id(), b, b, GroupMessageKind.MEMBER_LEFT, at(2));

    GroupAppendResult retry = groups.append(g.id(), b, "sent-then-left", "hi", at(3));
    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.message()).isEqualTo(original);
    assertThat(lastSeq(g.id())).isEqualTo(3);
    assertRefused(ErrorCode.NOT_A_MEMBER, () -> groups.append(g.id(), b, "new-after-leaving", "hi", at(4)));
  }

  @Test
  void nonMembersCannotAppend() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    assertRefused(ErrorCode.NOT_A_MEMBER, () -> groups.append(g.id(), user(), "c", "hi", at(1)));
    groups.removeMember(g.id(), owner, b, GroupMessageKind.MEMBER_KICKED, at(2));
    assertRefused(ErrorCode.NOT_A_MEMBER, () -> groups.append(g.id(), b, "c", "hi", at(3)));
    assertThat(lastSeq(g.id())).isEqualTo(2);
    assertThat(groups.appendAsync(g.id(), b, "c2", "hi", at(3))).failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .satisfies(e -> assertThat(((ChatException) e.getCause()).code()).isEqualTo(ErrorCode.NOT_A_MEMBER));
  }

  @Test
  void theSameClientMessageIdInTwoGroupsIsTwoMessages() {
    long owner = user();
    Group one = create(owner);
    Group two = create(owner);
    GroupAppendResult a = groups.append(one.id(), owner, "same", "in one", at(1));
    GroupAppendResult b = groups.append(two.id(), owner, "same", "in two", at(1));
    assertThat(b.duplicate()).isFalse();
    assertThat(b.message().id()).isNotEqualTo(a.message().id());
    assertThat(b.message().groupId()).isEqualTo(two.id());
    assertThat(lastSeq(one.id())).isEqualTo(2);
    assertThat(lastSeq(two.id())).isEqualTo(2);
  }

  @Test
  void appendAsyncCompletesWithTheSameResult() {
    long owner = user();
    Group g = create(owner);
    GroupAppendResult r = groups.appendAsync(g.id(), owner, "async-1", "hi", at(1)).join();
    assertThat(r.duplicate()).isFalse();
    assertThat(r.message().seq()).isEqualTo(2);
    GroupAppendResult again = groups.appendAsync(g.id(), owner, "async-1", "hi", at(2)).join();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.message()).isEqualTo(r.message());
  }

  /**
   * 64 members send to one group at once while a few of them also add and remove other users: the
   * log's seqs are exactly 1..N, every acknowledged append is in it once and unchanged, each
   * sender's messages keep their order and the group's last seq is N.
   */
  @Test
  void concurrentSendersGetGapFreeSeqs() {
    int senders = 64;
    int perSender = appendsPerConcurrentSender();
    long owner = user();
    long[] others = LongStream.range(1, senders).map(i -> user()).toArray();
    long[] all = LongStream.concat(LongStream.of(owner), LongStream.of(others)).toArray();
    Group g = create(owner, 500, at(0), others);

    List<List<GroupMessage>> sent = Concurrently.call(senders, t -> {
      List<GroupMessage> mine = new ArrayList<>(perSender);
      long sender = all[t];
      for (int i = 0; i < perSender; i++) {
        GroupAppendResult r = groups.append(g.id(), sender, "c" + t + "-" + i, "m" + t + "-" + i, at(1));
        assertThat(r.duplicate()).isFalse();
        mine.add(r.message());
        if (t % 8 == 0 && i % 10 == 5) {
          long guest = user();
          groups.addMembers(g.id(), sender, List.of(guest), at(2));
          groups.removeMember(g.id(), sender, guest, GroupMessageKind.MEMBER_KICKED, at(3));
        }
      }
      return mine;
    });

    List<GroupMessage> log = log(g.id());
    long n = log.size();
    assertThat(seqs(log)).as("gap-free, no duplicates").containsExactlyElementsOf(
        LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(lastSeq(g.id())).isEqualTo(n);
    // sorted by seq and compared as lists: AssertJ's in-any-order comparison is quadratic
    List<GroupMessage> acknowledged = sent.stream().flatMap(List::stream)
        .sorted(Comparator.comparingLong(GroupMessage::seq)).toList();
    assertThat(log.stream().filter(m -> m.kind() == GroupMessageKind.TEXT).toList())
        .as("every acknowledged append once, as acknowledged").isEqualTo(acknowledged);
    long churn = log.stream().filter(m -> m.kind() != GroupMessageKind.TEXT).count();
    assertThat(n).isEqualTo((long) senders * perSender + churn);
    assertThat(log.stream().map(GroupMessage::id).distinct().count()).isEqualTo(n);
    for (List<GroupMessage> mine : sent) {
      assertThat(mine).isSortedAccordingTo(Comparator.comparingLong(GroupMessage::seq));
      assertThat(mine).isSortedAccordingTo(Comparator.comparingLong(GroupMessage::id));
    }
    assertThat(groups.memberIds(g.id())).hasSize(senders);
  }

  /** Rounds of 8 threads sending one client message id: one stores it, the rest get it back as duplicates. */
  @Test
  void concurrentRetriesOfOneClientMessageIdStoreItOnce() {
    long owner = user();
    Group g = create(owner);
    int rounds = concurrentDuplicateRounds();
    int racers = 8;
    CyclicBarrier barrier = new CyclicBarrier(racers);
    List<List<GroupAppendResult>> results = Concurrently.call(racers, t -> {
      List<GroupAppendResult> mine = new ArrayList<>(rounds);
      for (int round = 0; round < rounds; round++) {
        Concurrently.await(barrier);
        mine.add(groups.append(g.id(), owner, "retry-" + round, "r" + round, at(1)));
      }
      return mine;
    });
    for (int round = 0; round < rounds; round++) {
      int r = round;
      List<GroupAppendResult> sameId = results.stream().map(l -> l.get(r)).toList();
      assertThat(sameId).filteredOn(x -> !x.duplicate()).as("round %d", r).hasSize(1);
      assertThat(sameId.stream().map(GroupAppendResult::message).distinct()).as("round %d", r).hasSize(1);
    }
    assertThat(lastSeq(g.id())).isEqualTo(1 + rounds);
  }

  // ---------------------------------------------------------------- reading

  @Test
  void readAfterAndReadBeforePageTheLog() {
    long owner = user();
    Group g = create(owner);
    for (int i = 2; i <= 11; i++) {
      send(g.id(), owner, "m" + i);
    }
    assertThat(seqs(groups.readAfter(g.id(), 0, 3))).containsExactly(1L, 2L, 3L);
    assertThat(seqs(groups.readAfter(g.id(), 3, 100))).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(groups.readAfter(g.id(), 9, 100)).extracting(GroupMessage::text).containsExactly("m10", "m11");
    assertThat(groups.readAfter(g.id(), 11, 10)).isEmpty();
    assertThat(groups.readAfter(g.id(), 1000, 10)).isEmpty();

    assertThat(seqs(groups.readBefore(g.id(), 0, 0, 3))).containsExactly(11L, 10L, 9L);
    assertThat(seqs(groups.readBefore(g.id(), -1, 0, 2))).containsExactly(11L, 10L);
    assertThat(seqs(groups.readBefore(g.id(), 5, 0, 10))).containsExactly(4L, 3L, 2L, 1L);
    assertThat(seqs(groups.readBefore(g.id(), 0, 8, 10))).as("floor").containsExactly(11L, 10L, 9L);
    assertThat(seqs(groups.readBefore(g.id(), 6, 2, 10))).containsExactly(5L, 4L, 3L);
    assertThat(seqs(groups.readBefore(g.id(), 6, 2, 2))).containsExactly(5L, 4L);
    assertThat(groups.readBefore(g.id(), 1, 0, 10)).isEmpty();
    assertThat(groups.readBefore(g.id(), 5, 4, 10)).isEmpty();
    assertThat(seqs(groups.readBefore(g.id(), 1000, 0, 1))).containsExactly(11L);
    assertThat(groups.readAfter(g.id(), 0, 100)).allSatisfy(m -> assertThat(m.groupId()).isEqualTo(g.id()));
  }

  // ---------------------------------------------------------------- ack and read counts

  @Test
  void ackOnlyMovesForwardAndNeverPastTheLastSeq() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    send(g.id(), owner, "2");
    send(g.id(), owner, "3");

    assertThat(groups.ack(g.id(), b, 2)).isEqualTo(new AckResult(0, 2));
    assertThat(member(g.id(), b).readSeq()).isEqualTo(2);
    assertThat(groups.ack(g.id(), b, 1)).isEqualTo(new AckResult(2, 2));
    assertThat(groups.ack(g.id(), b, 2)).isEqualTo(new AckResult(2, 2));
    assertThat(groups.ack(g.id(), b, 99)).isEqualTo(new AckResult(2, 3));
    assertThat(member(g.id(), b).readSeq()).isEqualTo(3);
    assertThat(groups.ack(g.id(), b, 99)).isEqualTo(new AckResult(3, 3));
    send(g.id(), owner, "4");
    assertThat(member(g.id(), b).readSeq()).isEqualTo(3);
    assertThat(groups.ack(g.id(), b, 4)).isEqualTo(new AckResult(3, 4));
    assertThat(member(g.id(), owner).readSeq()).as("only b's position moved").isZero();
    assertRefused(ErrorCode.NOT_A_MEMBER, () -> groups.ack(g.id(), user(), 1));
  }

  @Test
  void aLateMembersAckStartsAtItsJoinedSeq() {
    long owner = user();
    Group g = create(owner);
    send(g.id(), owner, "2");
    send(g.id(), owner, "3");
    long late = user();
    groups.addMembers(g.id(), owner, List.of(late), at(1));
    assertThat(groups.ack(g.id(), late, 1)).isEqualTo(new AckResult(3, 3));
    assertThat(groups.ack(g.id(), late, 4)).isEqualTo(new AckResult(3, 4));
  }

  /** As {@code MessageStoreContract}'s: each raise is reported by exactly one ack, chained without gaps. */
  @Test
  void concurrentAcksReportEveryRaiseOnceAndNeverMoveBackwards() {
    long owner = user();
    long b = user();
    Group g = create(owner, b);
    int entries = 60;
    for (int i = 2; i <= entries; i++) {
      send(g.id(), owner, "m" + i);
    }
    int devices = 4;
    List<List<AckResult>> perDevice = Concurrently.call(devices, d -> {
      List<AckResult> seen = new ArrayList<>();
      for (long target = 1 + d; target <= entries; target += devices) {
        seen.add(groups.ack(g.id(), b, target));
        seen.add(groups.ack(g.id(), b, Math.max(0, target - devices)));
      }
      return seen;
    });
    List<AckResult> raises = new ArrayList<>();
    for (List<AckResult> seen : perDevice) {
      long floor = 0;
      for (AckResult r : seen) {
        assertThat(r.previousSeq()).as("a device never sees the position go back").isGreaterThanOrEqualTo(floor);
        assertThat(r.ackedSeq()).isLessThanOrEqualTo(entries);
        floor = r.ackedSeq();
        if (r.raised()) {
          raises.add(r);
        }
      }
    }
    raises.sort(Comparator.comparingLong(AckResult::previousSeq));
    long position = 0;
    for (AckResult r : raises) {
      assertThat(r.previousSeq()).as("raises chain without gaps or overlaps: %s", raises).isEqualTo(position);
      position = r.ackedSeq();
    }
    assertThat(position).isEqualTo(entries);
    assertThat(member(g.id(), b).readSeq()).isEqualTo(entries);
  }

  @Test
  void readCountCountsCurrentMembersWhoReadAnEntryAndJoinedBeforeIt() {
    long owner = user();
    long b = user();
    long c = user();
    Group g = create(owner, b, c);
    send(g.id(), owner, "2");
    send(g.id(), owner, "3");
    groups.ack(g.id(), b, 3);
    groups.ack(g.id(), c, 2);
    assertThat(groups.readCount(g.id(), 1)).isEqualTo(2);
    assertThat(groups.readCount(g.id(), 2)).isEqualTo(2);
    assertThat(groups.readCount(g.id(), 3)).isEqualTo(1);

    long late = user();
    groups.addMembers(g.id(), owner, List.of(late), at(1)); // seq 4
    groups.ack(g.id(), late, 4);
    assertThat(groups.readCount(g.id(), 3)).as("joined after it").isEqualTo(1);
    assertThat(groups.readCount(g.id(), 4)).isEqualTo(1);

    groups.removeMember(g.id(), b, b, GroupMessageKind.MEMBER_LEFT, at(2)); // seq 5
    assertThat(groups.readCount(g.id(), 3)).as("current members only").isZero();
    assertThat(groups.readCount(g.id(), 2)).isEqualTo(1);
    assertThat(groups.readCount(g.id(), 5)).isZero();
    assertThat(groups.readCount(unknownGroupId(), 1)).isZero();
  }

  // ---------------------------------------------------------------- groupsOf, groupCount

  @Test
  void groupsOfComesMostRecentlyActiveFirst() {
    long me = user();
    long other = user();
    Group a = create(me, 500, at(1), other);
    Group b = groups.create(newGroup(other, 500, me), at(2));
    Group c = create(me, 500, at(3));
    assertThat(groupIds(me, 10)).containsExactly(c.id(), b.id(), a.id());

    groups.append(a.id(), other, "x", "hi", at(4));
    assertThat(groupIds(me, 10)).containsExactly(a.id(), c.id(), b.id());
    groups.mute(b.id(), other, me, at(999), at(5));
    assertThat(groupIds(me, 10)).containsExactly(b.id(), a.id(), c.id());
    assertThat(groupIds(me, 2)).containsExactly(b.id(), a.id());
    assertThat(groupIds(other, 10)).containsExactly(b.id(), a.id());
    assertThat(groups.groupCount(me)).isEqualTo(3);
    assertThat(groups.groupCount(other)).isEqualTo(2);

    groups.removeMember(b.id(), me, me, GroupMessageKind.MEMBER_LEFT, at(6));
    assertThat(groupIds(me, 10)).containsExactly(a.id(), c.id());
    assertThat(groups.groupCount(me)).isEqualTo(2);
    assertThat(groupIds(user(), 10)).isEmpty();
    assertThat(groups.groupCount(user())).isZero();
  }

  private List<Long> groupIds(long userId, int limit) {
    return groups.groupsOf(userId, limit).stream().map(s -> s.group().id()).toList();
  }

  @Test
  void groupsOfCarriesTheGroupMembershipUnreadCountAndLastVisibleEntry() {
    long me = user();
    long other = user();
    Group g = create(other, 500, at(0), me);
    send(g.id(), me, "mine 2");
    send(g.id(), other, "theirs 3");
    GroupMessage last = groups.append(g.id(), other, "last", "theirs 4", at(1)).message();

    GroupSummary s = summary(me, g.id());
    assertThat(s.group()).isEqualTo(groups.find(g.id()).orElseThrow());
    assertThat(s.self()).isEqualTo(member(g.id(), me));
    assertThat(s.lastMessage()).isEqualTo(last);
    assertThat(s.unreadCount()).as("GROUP_CREATED by other, 3 and 4; not my own").isEqualTo(3);
    assertThat(summary(other, g.id()).unreadCount()).as("only my message is other's unread").isEqualTo(1);

    groups.ack(g.id(), me, 3);
    assertThat(summary(me, g.id()).unreadCount()).isEqualTo(1);
    assertThat(summary(me, g.id()).self().readSeq()).isEqualTo(3);
    groups.ack(g.id(), me, 4);
    assertThat(summary(me, g.id()).unreadCount()).isZero();
  }

  @Test
  void aLateMembersUnreadCountStartsAtItsJoin() {
    long owner = user();
    Group g = create(owner);
    for (int i = 0; i < 5; i++) {
      send(g.id(), owner, "before " + i);
    }
    long late = user();
    GroupMessage joined = groups.addMembers(g.id(), owner, List.of(late), at(1)).systemMessage();
    GroupSummary s = summary(late, g.id());
    assertThat(s.unreadCount()).as("only the join entry").isEqualTo(1);
    assertThat(s.lastMessage()).isEqualTo(joined);
    send(g.id(), owner, "after");
    assertThat(summary(late, g.id()).unreadCount()).isEqualTo(2);
  }

  @Test
  void unreadCountsStopAtMaxUnread() {
    long owner = user();
    long reader = user();
    Group g = create(owner, reader);
    for (int i = 0; i < GroupSummary.MAX_UNREAD + 5; i++) {
      send(g.id(), owner, "m" + i);
    }
    assertThat(summary(reader, g.id()).unreadCount()).isEqualTo(GroupSummary.MAX_UNREAD);
    groups.ack(g.id(), reader, 5);
    assertThat(summary(reader, g.id()).unreadCount()).isEqualTo(GroupSummary.MAX_UNREAD);
    groups.ack(g.id(), reader, lastSeq(g.id()) - 7);
    assertThat(summary(reader, g.id()).unreadCount()).isEqualTo(7);
  }

  private GroupSummary summary(long userId, long groupId) {
    Optional<GroupSummary> s = groups.groupsOf(userId, 100).stream().filter(x -> x.group().id() == groupId).findFirst();
    return s.orElseThrow(() -> new AssertionError(userId + " does not list group " + groupId));
  }

  // ---------------------------------------------------------------- join requests

  @Test
  void joinRequestsAreRenewedListedOldestFirstAndRemoved() {
    long owner = user();
    Group g = create(owner);
    long x = user();
    long y = user();
    long z = user();
    JoinRequest rx = groups.requestJoin(g.id(), x, "x " + UNICODE, at(1));
    assertThat(rx).isEqualTo(new JoinRequest(g.id(), x, "x " + UNICODE, at(1)));
    JoinRequest ry = groups.requestJoin(g.id(), y, "y", at(2));
    JoinRequest rz = groups.requestJoin(g.id(), z, "", at(3));
    assertThat(groups.joinRequest(g.id(), x)).contains(rx);
    assertThat(groups.joinRequests(g.id(), 10)).containsExactly(rx, ry, rz);
    assertThat(groups.joinRequestCount(g.id())).isEqualTo(3);

    JoinRequest renewed = groups.requestJoin(g.id(), x, "again", at(4));
    assertThat(renewed).isEqualTo(new JoinRequest(g.id(), x, "again", at(4)));
    assertThat(groups.joinRequest(g.id(), x)).contains(renewed);
    assertThat(groups.joinRequests(g.id(), 10)).containsExactly(ry, rz, renewed);
    assertThat(groups.joinRequests(g.id(), 2)).containsExactly(ry, rz);
    assertThat(groups.joinRequestCount(g.id())).isEqualTo(3);

    assertThat(groups.removeJoinRequest(g.id(), y)).isTrue();
    assertThat(groups.removeJoinRequest(g.id(), y)).isFalse();
    assertThat(groups.joinRequest(g.id(), y)).isEmpty();
    assertThat(groups.joinRequests(g.id(), 10)).containsExactly(rz, renewed);
    assertThat(groups.joinRequestCount(g.id())).isEqualTo(2);
    assertThat(groups.joinRequest(g.id(), user())).isEmpty();
    assertThat(lastSeq(g.id())).as("join requests are not logged").isEqualTo(1);
  }

  @Test
  void joinRequestsBelongToTheirGroup() {
    long owner = user();
    Group one = create(owner);
    Group two = create(owner);
    long x = user();
    groups.requestJoin(one.id(), x, "one", at(1));
    assertThat(groups.joinRequest(two.id(), x)).isEmpty();
    assertThat(groups.joinRequestCount(two.id())).isZero();
    assertThat(groups.removeJoinRequest(two.id(), x)).isFalse();
    assertThat(groups.joinRequestCount(one.id())).isEqualTo(1);
  }

  // ---------------------------------------------------------------- whole-log invariants

  @Test
  void everyKindOfChangeTakesTheNextSeq() {
    long owner = user();
    long b = user();
    long c = user();
    Group g = create(owner, b);
    List<Long> seen = new ArrayList<>();
    seen.add(send(g.id(), b, "t").seq());
    seen.add(groups.addMembers(g.id(), owner, List.of(c), at(1)).systemMessage().seq());
    seen.add(groups.setRole(g.id(), owner, c, GroupRole.ADMIN, at(1)).orElseThrow().seq());
    seen.add(groups.mute(g.id(), c, b, at(100), at(1)).orElseThrow().seq());
    seen.add(groups.update(g.id(), c, new GroupUpdate("n", null, null, null, null, null), at(1)).seq());
    seen.add(groups.removeMember(g.id(), c, b, GroupMessageKind.MEMBER_KICKED, at(1)).orElseThrow().seq());
    seen.add(groups.transferOwnership(g.id(), owner, c, at(1)).orElseThrow().seq());
    seen.add(groups.dissolve(g.id(), c, at(1)).systemMessage().seq());
    assertThat(seen).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    List<GroupMessage> log = log(g.id());
    assertThat(seqs(log)).containsExactlyElementsOf(LongStream.rangeClosed(1, 9).boxed().toList());
    assertThat(log).extracting(GroupMessage::kind).containsExactly(GroupMessageKind.GROUP_CREATED,
        GroupMessageKind.TEXT, GroupMessageKind.MEMBERS_JOINED, GroupMessageKind.ROLE_CHANGED,
        GroupMessageKind.MEMBER_MUTED, GroupMessageKind.GROUP_INFO_UPDATED, GroupMessageKind.MEMBER_KICKED,
        GroupMessageKind.OWNERSHIP_TRANSFERRED, GroupMessageKind.GROUP_DISSOLVED);
    Set<Long> distinctIds = new HashSet<>(log.stream().map(GroupMessage::id).toList());
    assertThat(distinctIds).hasSize(9);
    assertThat(log).isSortedAccordingTo(Comparator.comparingLong(GroupMessage::id));
  }

  // ---- revisions (recall, edit) ----

  @Test
  void aRecallAppendsASystemEntryAndServesTheRecalledOriginal() {
    long owner = user();
    long member = user();
    Group g = create(owner, member);
    GroupMessage m = send(g.id(), member, "oops");
    GroupRevisionResult r = groups.revise(g.id(), owner, m.seq(), RevisionKind.RECALLED, "", at(2)).orElseThrow();
    assertThat(r.duplicate()).isFalse();
    assertThat(r.target().recalled()).isTrue();
    assertThat(r.target().text()).isEmpty();
    assertThat(r.entry().kind()).isEqualTo(GroupMessageKind.MESSAGE_RECALLED);
    assertThat(r.entry().targetSeq()).isEqualTo(m.seq());
    assertThat(r.entry().senderId()).isEqualTo(owner);
    assertThat(r.entry().seq()).isEqualTo(m.seq() + 1);
    assertThat(r.entry().sentAt()).isEqualTo(at(2));
    assertThat(lastSeq(g.id())).isEqualTo(m.seq() + 1);

    List<GroupMessage> log = log(g.id());
    assertThat(log.get((int) m.seq() - 1)).satisfies(original -> {
      assertThat(original.recalled()).isTrue();
      assertThat(original.text()).isEmpty();
      assertThat(original.clientMsgId()).isEqualTo(m.clientMsgId());
    });
    assertThat(log.get(log.size() - 1)).isEqualTo(r.entry());
    assertThat(groups.readBefore(g.id(), 0, 0, 10).get(1).recalled()).isTrue();
    GroupAppendResult retry = groups.append(g.id(), member, m.clientMsgId(), "oops", at(3));
    assertThat(retry.duplicate()).as("the sent index still finds the recalled entry").isTrue();

    GroupRevisionResult again = groups.revise(g.id(), member, m.seq(), RevisionKind.RECALLED, "", at(3)).orElseThrow();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.entry()).isNull();
    assertThat(lastSeq(g.id())).isEqualTo(m.seq() + 1);
    assertThatThrownBy(() -> groups.revise(g.id(), member, m.seq(), RevisionKind.EDITED, "x", at(3)))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
  }

  @Test
  void anEditReplacesTheTextAndRecordsItsTime() {
    long owner = user();
    Group g = create(owner, user());
    GroupMessage m = send(g.id(), owner, "teh");
    GroupRevisionResult r = groups.revise(g.id(), owner, m.seq(), RevisionKind.EDITED, UNICODE, at(5)).orElseThrow();
    assertThat(r.entry().kind()).isEqualTo(GroupMessageKind.MESSAGE_EDITED);
    assertThat(r.entry().text()).isEqualTo(UNICODE);
    assertThat(r.target().editedAt()).isEqualTo(at(5));
    GroupMessage stored = groups.readAfter(g.id(), m.seq() - 1, 1).get(0);
    assertThat(stored.text()).isEqualTo(UNICODE);
    assertThat(stored.editedAt()).isEqualTo(at(5));
    assertThat(stored.recalled()).isFalse();
    assertThat(groups.readAfter(g.id(), m.seq(), 1).get(0)).isEqualTo(r.entry());
  }

  @Test
  void onlyTextEntriesOfMembersCanBeRevised() {
    long owner = user();
    long outsider = user();
    Group g = create(owner, user());
    GroupMessage m = send(g.id(), owner, "x");
    assertThat(groups.revise(g.id(), owner, 1, RevisionKind.RECALLED, "", at(2))).as("GROUP_CREATED").isEmpty();
    assertThat(groups.revise(g.id(), owner, m.seq() + 5, RevisionKind.RECALLED, "", at(2))).isEmpty();
    assertThat(groups.revise(g.id() + 1_000_000, owner, 1, RevisionKind.RECALLED, "", at(2))).isEmpty();
    assertThatThrownBy(() -> groups.revise(g.id(), outsider, m.seq(), RevisionKind.RECALLED, "", at(2)))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_MEMBER));
    GroupRevisionResult r = groups.revise(g.id(), owner, m.seq(), RevisionKind.RECALLED, "", at(2)).orElseThrow();
    assertThat(groups.revise(g.id(), owner, r.entry().seq(), RevisionKind.RECALLED, "", at(3)))
        .as("a revision entry is no TEXT entry").isEmpty();
    assertThat(lastSeq(g.id())).isEqualTo(m.seq() + 1);
  }

  @Test
  void revisionEntriesAreNotUnread() {
    long owner = user();
    long member = user();
    Group g = create(owner, member);
    GroupMessage m = send(g.id(), member, "x");
    groups.ack(g.id(), owner, m.seq());
    groups.revise(g.id(), member, m.seq(), RevisionKind.EDITED, "y", at(2));
    GroupSummary s = groups.groupsOf(owner, 100).stream().filter(x -> x.group().id() == g.id()).findFirst()
        .orElseThrow();
    assertThat(s.unreadCount()).isZero();
  }

  @Test
  void revisionsAndAppendsConcurrentlyKeepTheLogGapFree() {
    long owner = user();
    long member = user();
    Group g = create(owner, member);
    List<GroupMessage> targets = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      targets.add(send(g.id(), owner, "t" + i));
    }
    Concurrently.call(4, t -> {
      for (int i = 0; i < 20; i++) {
        if (t < 2) {
          send(g.id(), t == 0 ? owner : member, "m" + t + "-" + i);
        } else {
          GroupMessage target = targets.get((t - 2) * 20 + i);
          groups.revise(g.id(), owner, target.seq(), t == 2 ? RevisionKind.RECALLED : RevisionKind.EDITED, "e",
              at(3));
        }
      }
      return null;
    });
    List<GroupMessage> log = log(g.id());
    assertThat(log).extracting(GroupMessage::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
    assertThat(log).filteredOn(GroupMessage::isRevision).hasSize(40)
        .allSatisfy(e -> assertThat(e.targetSeq()).isLessThan(e.seq()));
    assertThat(lastSeq(g.id())).isEqualTo(log.size());
  }
}
