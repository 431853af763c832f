package dev.parley.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
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
}
