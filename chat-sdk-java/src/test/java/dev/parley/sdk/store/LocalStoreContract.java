package dev.parley.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.Group;
import dev.parley.sdk.GroupMember;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.Profile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link LocalStore} shares; subclasses say how to make one. */
abstract class LocalStoreContract {
  static final long ME = 7;
  static final long ALICE = 11;
  static final long BOB = 12;

  protected LocalStore store;

  protected abstract LocalStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static ChatMessage incoming(long seq, long from, String text) {
    return new ChatMessage(seq, 100 + seq, from, ME, "c" + seq, text, Instant.ofEpochMilli(1_000 * seq), false);
  }

  static ChatMessage outgoing(long seq, long to, String text) {
    return new ChatMessage(seq, 100 + seq, ME, to, "c" + seq, text, Instant.ofEpochMilli(1_000 * seq), true);
  }

  static final long TEAM = 301;
  static final long CLUB = 302;

  static GroupMessage groupText(long groupId, long seq, long from, String text) {
    return new GroupMessage(groupId, seq, 900 + seq, from, "g" + seq, text, Instant.ofEpochMilli(1_000 * seq),
        GroupMessageKind.TEXT, List.of(), null, null, from == ME);
  }

  static GroupMessage groupSystem(long groupId, long seq, GroupMessageKind kind, long target) {
    return new GroupMessage(groupId, seq, 900 + seq, ALICE, "", "", Instant.ofEpochMilli(1_000 * seq), kind,
        List.of(target), kind == GroupMessageKind.ROLE_CHANGED ? GroupRole.ADMIN : null,
        kind == GroupMessageKind.MEMBER_MUTED ? Instant.ofEpochMilli(99_000) : null, false);
  }

  static GroupMember member(long userId, GroupRole role, long joinedSeq) {
    return new GroupMember(userId, role, joinedSeq, joinedSeq, null, "", Instant.ofEpochMilli(500));
  }

  static GroupSummary groupSummary(long groupId, String name, int unread) {
    Group group = new Group(groupId, name, "", "hello", ALICE, JoinPolicy.APPROVAL, true, false, 3, 500, 9,
        Instant.ofEpochMilli(100), false);
    return new GroupSummary(group, member(ME, GroupRole.MEMBER, 4), unread, groupText(groupId, 9, ALICE, "last"), "");
  }

  static GroupNotice notice(long mailboxSeq, long groupId, GroupMessageKind kind) {
    return new GroupNotice(mailboxSeq, groupId, kind, ALICE, 12, null, null, "team", Instant.ofEpochMilli(7_000));
  }

  static Profile profile(long id, String name) {
    return new Profile(id, name, "", "", "");
  }

  @Test
  void aFreshStoreIsEmptyAndOwnedByNobody() {
    assertThat(store.ownerId()).isZero();
    assertThat(store.highestContiguousSeq()).isZero();
    assertThat(store.profile()).isEmpty();
    assertThat(store.friends()).isEmpty();
    assertThat(store.pendingRequests()).isEmpty();
    assertThat(store.messagesAfter(0, 10)).isEmpty();
    assertThat(store.mailboxIdentity()).isEmpty();
  }

  @Test
  void aStoreBelongsToOneUser() {
    store.bindOwner(ME);
    store.bindOwner(ME);
    assertThat(store.ownerId()).isEqualTo(ME);
    assertThatThrownBy(() -> store.bindOwner(ALICE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to user " + ME);
  }

  @Test
  void appendedMessagesAdvanceThePositionAndAreReadByPeerAndBySeq() {
    store.appendMessages(List.of(incoming(1, ALICE, "hi"), outgoing(2, ALICE, "hello"), incoming(3, BOB, "yo")));
    store.appendMessages(List.of(outgoing(4, ALICE, "bye")));

    assertThat(store.highestContiguousSeq()).isEqualTo(4);
    assertThat(store.messages(ALICE, 10)).extracting(ChatMessage::text).containsExactly("hi", "hello", "bye");
    assertThat(store.messages(ALICE, 2)).extracting(ChatMessage::text).containsExactly("hello", "bye");
    assertThat(store.messages(BOB, 10)).containsExactly(incoming(3, BOB, "yo"));
    assertThat(store.messagesAfter(2, 10)).extracting(ChatMessage::seq).containsExactly(3L, 4L);
    assertThat(store.messagesAfter(0, 1)).extracting(ChatMessage::seq).containsExactly(1L);
  }

  @Test
  void repeatedMessagesAreIgnoredAndGapsRefused() {
    store.appendMessages(List.of(incoming(1, ALICE, "a"), incoming(2, ALICE, "b")));
    store.appendMessages(List.of(incoming(1, ALICE, "a"), incoming(2, ALICE, "b"), incoming(3, ALICE, "c")));
    assertThat(store.messages(ALICE, 10)).extracting(ChatMessage::seq).containsExactly(1L, 2L, 3L);

    assertThatThrownBy(() -> store.appendMessages(List.of(incoming(5, ALICE, "e"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq 5");
    assertThat(store.highestContiguousSeq()).isEqualTo(3);
  }

  @Test
  void friendsAndRequestsAreReplacedSavedAndRemoved() {
    Friend alice = new Friend(profile(ALICE, "alice"), "Al", Instant.ofEpochMilli(5), true);
    Friend bob = new Friend(profile(BOB, "bob"), "", Instant.ofEpochMilli(6), false);
    store.replaceFriends(List.of(alice, bob));
    store.saveFriend(bob.withOnline(true));
    store.removeFriend(ALICE);
    assertThat(store.friends()).containsExactly(bob.withOnline(true));

    FriendRequest fromAlice = new FriendRequest(1, profile(ALICE, "alice"), ME, "hey", Instant.ofEpochMilli(9));
    FriendRequest fromBob = new FriendRequest(2, profile(BOB, "bob"), ME, "", Instant.ofEpochMilli(10));
    store.replacePendingRequests(List.of(fromAlice));
    store.savePendingRequest(fromBob);
    store.removePendingRequest(ALICE);
    assertThat(store.pendingRequests()).containsExactly(fromBob);
  }

  @Test
  void theOwnProfileIsKept() {
    Profile me = new Profile(ME, "me", "Nick", "http://a/b.png", "bio");
    store.saveProfile(me);
    assertThat(store.profile()).contains(me);
  }

  @Test
  void aResetForgetsTheOldMailboxButKeepsTheOwnerAndRecordsTheNewIdentity() {
    MailboxIdentity old = new MailboxIdentity("dep-a", 1);
    MailboxIdentity fresh = new MailboxIdentity("dep-b", 2);
    store.bindOwner(ME);
    store.reset(old);
    store.saveProfile(profile(ME, "me"));
    store.saveFriend(new Friend(profile(ALICE, "alice"), "", Instant.ofEpochMilli(5), true));
    store.savePendingRequest(new FriendRequest(1, profile(BOB, "bob"), ME, "hey", Instant.ofEpochMilli(9)));
    store.appendMessages(List.of(incoming(1, ALICE, "old secret"), outgoing(2, ALICE, "old reply")));
    assertThat(store.mailboxIdentity()).contains(old);

    store.reset(fresh);

    assertThat(store.mailboxIdentity()).contains(fresh);
    assertThat(store.ownerId()).isEqualTo(ME);
    assertThat(store.highestContiguousSeq()).isZero();
    assertThat(store.messages(ALICE, 10)).isEmpty();
    assertThat(store.messagesAfter(0, 10)).isEmpty();
    assertThat(store.friends()).isEmpty();
    assertThat(store.pendingRequests()).isEmpty();
    assertThat(store.profile()).isEmpty();
    store.appendMessages(List.of(incoming(1, BOB, "new")));
    assertThat(store.messages(BOB, 10)).extracting(ChatMessage::text).containsExactly("new");
  }

  @Test
  void groupsAreReplacedSavedAndRemovedWithTheirMembers() {
    store.replaceGroups(List.of(groupSummary(TEAM, "team", 2), groupSummary(CLUB, "club", 0)));
    store.saveGroupMembers(TEAM, List.of(member(BOB, GroupRole.MEMBER, 4), member(ALICE, GroupRole.OWNER, 0)));
    store.saveGroupMembers(TEAM, List.of(member(BOB, GroupRole.ADMIN, 4)));
    store.saveGroupMembers(CLUB, List.of(member(ALICE, GroupRole.OWNER, 0)));

    assertThat(store.groups()).extracting(GroupSummary::groupId).containsExactlyInAnyOrder(TEAM, CLUB);
    assertThat(store.group(TEAM)).contains(groupSummary(TEAM, "team", 2));
    assertThat(store.groupMembers(TEAM)).as("ordered by user id, the newer page replacing")
        .containsExactly(member(ALICE, GroupRole.OWNER, 0), member(BOB, GroupRole.ADMIN, 4));
    store.removeGroupMember(TEAM, BOB);
    assertThat(store.groupMembers(TEAM)).containsExactly(member(ALICE, GroupRole.OWNER, 0));

    store.saveGroup(groupSummary(TEAM, "renamed", 0));
    assertThat(store.group(TEAM).orElseThrow().group().name()).isEqualTo("renamed");
    store.removeGroup(CLUB);
    assertThat(store.group(CLUB)).isEmpty();
    assertThat(store.groupMembers(CLUB)).isEmpty();

    store.replaceGroups(List.of(groupSummary(CLUB, "club", 1)));
    assertThat(store.groups()).extracting(GroupSummary::groupId).containsExactly(CLUB);
    assertThat(store.groupMembers(TEAM)).as("a group left out of the login's list is forgotten").isEmpty();
  }

  @Test
  void eachGroupsLogHasItsOwnContiguousPositionAndSkipsWhatWasBeforeJoining() {
    store.appendGroupMessages(TEAM, 4, List.of(groupText(TEAM, 5, ALICE, "hi"), groupText(TEAM, 6, ME, "hello")));
    store.appendGroupMessages(TEAM, 6, List.of(groupSystem(TEAM, 7, GroupMessageKind.ROLE_CHANGED, BOB)));
    store.appendGroupMessages(CLUB, 0, List.of(groupText(CLUB, 1, BOB, "yo")));

    assertThat(store.highestContiguousGroupSeq(TEAM)).isEqualTo(7);
    assertThat(store.highestContiguousGroupSeq(CLUB)).isEqualTo(1);
    assertThat(store.highestContiguousGroupSeq(999)).isZero();
    store.removeGroup(TEAM);
    assertThat(store.groupPositions()).as("kept for groups left too").isEqualTo(java.util.Map.of(TEAM, 7L, CLUB, 1L));
    assertThat(store.highestContiguousSeq()).as("the mailbox is separate").isZero();
    assertThat(store.groupMessages(TEAM, 10)).extracting(GroupMessage::seq).containsExactly(5L, 6L, 7L);
    assertThat(store.groupMessages(TEAM, 2)).extracting(GroupMessage::text).containsExactly("hello", "");
    assertThat(store.groupMessages(TEAM, 10).get(2)).isEqualTo(groupSystem(TEAM, 7, GroupMessageKind.ROLE_CHANGED, BOB));
    assertThat(store.groupMessages(CLUB, 10)).containsExactly(groupText(CLUB, 1, BOB, "yo"));
  }

  @Test
  void repeatedGroupMessagesAreIgnoredAndGapsOrStrangersRefused() {
    store.appendGroupMessages(TEAM, 0, List.of(groupText(TEAM, 1, ALICE, "a"), groupText(TEAM, 2, ALICE, "b")));
    store.appendGroupMessages(TEAM, 0, List.of(groupText(TEAM, 1, ALICE, "a"), groupText(TEAM, 2, ALICE, "b"),
        groupText(TEAM, 3, ALICE, "c")));
    assertThat(store.groupMessages(TEAM, 10)).extracting(GroupMessage::seq).containsExactly(1L, 2L, 3L);

    assertThatThrownBy(() -> store.appendGroupMessages(TEAM, 3, List.of(groupText(TEAM, 5, ALICE, "e"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq 5");
    assertThatThrownBy(() -> store.appendGroupMessages(TEAM, 3, List.of(groupText(CLUB, 4, ALICE, "x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group " + CLUB);
    assertThat(store.highestContiguousGroupSeq(TEAM)).isEqualTo(3);
  }

  @Test
  void noticesTakeTheirSeqInTheMailboxBetweenMessages() {
    store.appendMessages(List.of(incoming(1, ALICE, "hi")));
    store.appendNotice(notice(2, TEAM, GroupMessageKind.MEMBERS_JOINED));
    store.appendNotice(notice(2, TEAM, GroupMessageKind.MEMBERS_JOINED));
    store.appendMessages(List.of(incoming(3, ALICE, "again")));

    assertThat(store.highestContiguousSeq()).isEqualTo(3);
    assertThat(store.messagesAfter(0, 10)).extracting(ChatMessage::seq).containsExactly(1L, 3L);
    assertThatThrownBy(() -> store.appendNotice(notice(5, TEAM, GroupMessageKind.MEMBER_KICKED)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq 5");
  }

  @Test
  void aResetForgetsGroupsTheirMembersAndLogs() {
    store.saveGroup(groupSummary(TEAM, "team", 1));
    store.saveGroupMembers(TEAM, List.of(member(BOB, GroupRole.MEMBER, 0)));
    store.appendGroupMessages(TEAM, 0, List.of(groupText(TEAM, 1, BOB, "old")));

    store.reset(new MailboxIdentity("dep-c", 3));

    assertThat(store.groups()).isEmpty();
    assertThat(store.groupMembers(TEAM)).isEmpty();
    assertThat(store.groupMessages(TEAM, 10)).isEmpty();
    assertThat(store.highestContiguousGroupSeq(TEAM)).isZero();
    assertThat(store.groupPositions()).isEmpty();
  }
}
