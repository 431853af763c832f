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
