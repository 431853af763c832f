package dev.parley.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.Friend;
import dev.parley.sdk.Profile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreLocalStoreTest extends LocalStoreContract {
  @TempDir
  Path dir;

  @Override
  protected LocalStore newStore() {
    return MvStoreLocalStore.open(dir.resolve("contract.mv.db"));
  }

  @Test
  void everythingSurvivesReopening() {
    Path file = dir.resolve("nested/user.mv.db");
    Profile me = new Profile(ME, "me", "Nick", "", "hello");
    Friend alice = new Friend(profile(ALICE, "alice"), "Al", Instant.ofEpochMilli(5), true);
    try (MvStoreLocalStore first = MvStoreLocalStore.open(file)) {
      first.bindOwner(ME);
      first.reset(new MailboxIdentity("dep", 42));
      first.saveProfile(me);
      first.saveFriend(alice);
      first.appendMessages(List.of(incoming(1, ALICE, "hi"), outgoing(2, ALICE, "hello ünïcode ✓")));
    }
    try (MvStoreLocalStore again = MvStoreLocalStore.open(file)) {
      assertThat(again.ownerId()).isEqualTo(ME);
      assertThat(again.mailboxIdentity()).contains(new MailboxIdentity("dep", 42));
      assertThat(again.profile()).contains(me);
      assertThat(again.friends()).containsExactly(alice);
      assertThat(again.highestContiguousSeq()).isEqualTo(2);
      assertThat(again.messages(ALICE, 10)).containsExactly(incoming(1, ALICE, "hi"), outgoing(2, ALICE, "hello ünïcode ✓"));
    }
  }

  @Test
  void groupsTheirMembersAndLogsSurviveReopening() {
    Path file = dir.resolve("groups.mv.db");
    try (MvStoreLocalStore first = MvStoreLocalStore.open(file)) {
      first.saveGroup(groupSummary(TEAM, "team", 3));
      first.saveGroupMembers(TEAM, List.of(member(BOB, dev.parley.core.model.GroupRole.ADMIN, 4)));
      first.appendGroupMessages(TEAM, 4, List.of(groupText(TEAM, 5, BOB, "hi"),
          groupSystem(TEAM, 6, dev.parley.core.model.GroupMessageKind.MEMBER_MUTED, ME)));
      first.appendNotice(notice(1, TEAM, dev.parley.core.model.GroupMessageKind.MEMBERS_JOINED));
    }
    try (MvStoreLocalStore again = MvStoreLocalStore.open(file)) {
      assertThat(again.group(TEAM)).contains(groupSummary(TEAM, "team", 3));
      assertThat(again.groupMembers(TEAM)).containsExactly(member(BOB, dev.parley.core.model.GroupRole.ADMIN, 4));
      assertThat(again.highestContiguousGroupSeq(TEAM)).isEqualTo(6);
      assertThat(again.groupMessages(TEAM, 10)).containsExactly(groupText(TEAM, 5, BOB, "hi"),
          groupSystem(TEAM, 6, dev.parley.core.model.GroupMessageKind.MEMBER_MUTED, ME));
      assertThat(again.highestContiguousSeq()).isEqualTo(1);
    }
  }

  @Test
  void aSecondOpenOfTheSameFileIsRefusedWhileTheFirstHoldsIt() {
    Path file = dir.resolve("locked.mv.db");
    try (MvStoreLocalStore first = MvStoreLocalStore.open(file)) {
      assertThatThrownBy(() -> MvStoreLocalStore.open(file)).isInstanceOf(LocalStoreLockedException.class)
          .hasMessageContaining("locked.mv.db").hasMessageContaining("locked by another process");
      assertThat(first.highestContiguousSeq()).isZero();
    }
  }

  @Test
  void conversationsOfPeersWithCommonPrefixesStayApart() {
    store.appendMessages(List.of(incoming(1, 1, "one"), incoming(2, 10, "ten"), incoming(3, 100, "hundred")));
    assertThat(store.messages(1, 10)).extracting(ChatMessage::text).containsExactly("one");
    assertThat(store.messages(10, 10)).extracting(ChatMessage::text).containsExactly("ten");
  }
}
