package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.HistoryPage;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.MailboxPage;
import dev.parley.core.model.Message;
import dev.parley.core.model.User;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sending, de-duplication, sync, history, conversations and acks through {@link MessageService}. */
class MessageServiceTest {
  private final ServiceFixture f = new ServiceFixture(ChatLimits.defaults().withMaxTextLength(20));
  private final User alice = f.user("Alice");
  private final User bob = f.user("Bob");

  MessageServiceTest() {
    f.befriend(alice, bob);
  }

  @Test
  void sendStoresInBothMailboxesAsTheActingUserAndPublishes() {
    AppendResult result = f.messages.send(alice.id(), bob.id(), "c-1", "hello Bob");

    Message message = result.message();
    assertThat(result.duplicate()).isFalse();
    assertThat(message.senderId()).isEqualTo(alice.id());
    assertThat(message.recipientId()).isEqualTo(bob.id());
    assertThat(message.text()).isEqualTo("hello Bob");
    assertThat(message.sentAt()).isEqualTo(f.clock.instant());
    assertThat(result.senderEntry().ownerId()).isEqualTo(alice.id());
    assertThat(result.recipientEntry().ownerId()).isEqualTo(bob.id());
    assertThat(f.messageStore.readMailbox(bob.id(), 0, 10)).containsExactly(result.recipientEntry());
    assertThat(f.messageStore.readMailbox(alice.id(), 0, 10)).containsExactly(result.senderEntry());
    assertThat(f.events.stored()).containsExactly(result);
  }

  @Test
  void repeatedClientMsgIdReturnsTheOriginalAndPublishesOnce() {
    AppendResult original = f.messages.send(alice.id(), bob.id(), "c-1", "hello");
    f.clock.advance(Duration.ofSeconds(5));

    AppendResult repeat = f.messages.send(alice.id(), bob.id(), "c-1", "hello (retry)");

    assertThat(repeat.duplicate()).isTrue();
    assertThat(repeat.senderEntry()).isEqualTo(original.senderEntry());
    assertThat(repeat.recipientEntry()).isEqualTo(original.recipientEntry());
    assertThat(f.messages.lastSeq(bob.id())).isEqualTo(1);
    assertThat(f.events.stored()).containsExactly(original);
  }

  @Test
  void strangersCannotBeMessagedUnlessAllowed() {
    User carol = f.user("Carol");

    ChatException e = expectError(ErrorCode.NOT_FRIENDS, () -> f.messages.send(alice.id(), carol.id(), "c-1", "hi"));
    assertThat(e.detail()).contains(String.valueOf(alice.id()), String.valueOf(carol.id()));
    assertThat(f.messages.lastSeq(carol.id())).isZero();
    assertThat(f.events.stored()).isEmpty();

    MessageService open = new MessageService(f.users, f.friendStore, f.messageStore, f.events,
        f.limits.withAllowStrangers(true), f.clock);
    assertThat(open.send(alice.id(), carol.id(), "c-1", "hi").recipientEntry().ownerId()).isEqualTo(carol.id());
  }

  @Test
  void removedFriendCannotBeMessaged() {
    f.friends.remove(bob.id(), alice.id());

    expectError(ErrorCode.NOT_FRIENDS, () -> f.messages.send(alice.id(), bob.id(), "c-1", "still there?"));
  }

  @Test
  void textMustBeNonBlankAndWithinTheLimit() {
    expectError(ErrorCode.TEXT_TOO_LONG, () -> f.messages.send(alice.id(), bob.id(), "c-1", "x".repeat(21)));
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.send(alice.id(), bob.id(), "c-2", ""));
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.send(alice.id(), bob.id(), "c-3", " \n\t "));
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.send(alice.id(), bob.id(), "c-4", null));
    assertThat(f.messages.lastSeq(bob.id())).isZero();

    assertThat(f.messages.send(alice.id(), bob.id(), "c-1", "x".repeat(20)).message().text()).hasSize(20);
  }

  @Test
  void theTextLimitCountsCodePointsSoFourThousandEmojiFit() {
    ServiceFixture defaults = new ServiceFixture();
    User ann = defaults.user("Ann");
    User ben = defaults.user("Ben");
    defaults.befriend(ann, ben);
    String grin = "\uD83D\uDE00"; // U+1F600, two UTF-16 chars

    assertThat(defaults.messages.send(ann.id(), ben.id(), "e-1", grin.repeat(4000)).message().text())
        .hasSize(8000);
    ChatException refused = expectError(ErrorCode.TEXT_TOO_LONG,
        () -> defaults.messages.send(ann.id(), ben.id(), "e-2", grin.repeat(4001)));
    assertThat(refused.detail()).contains("4001").contains("4000");
    assertThat(defaults.messages.lastSeq(ben.id())).isEqualTo(1);
  }

  @Test
  void textOfOnlyZeroWidthAndFormatCharactersIsRefusedLikeWhitespace() {
    List<String> invisible = List.of("\u200B", "\u200D", "\uFEFF", "\u2060", "\u00AD", "\u200E",
        " \u200B\u00A0\u3000\u2800\u3164\uFE0F ", "\u200B".repeat(30));
    for (int i = 0; i < invisible.size(); i++) {
      String text = invisible.get(i);
      expectError(ErrorCode.BAD_REQUEST, () -> f.messages.send(alice.id(), bob.id(), "z-" + text.length(), text));
    }
    assertThat(f.messages.lastSeq(bob.id())).isZero();

    assertThat(f.messages.send(alice.id(), bob.id(), "z-ok", "\u200Bhi\u200D").message().text()).isEqualTo("\u200Bhi\u200D");
  }

  @Test
  void clientMsgIdMustBePresentAndShort() {
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.send(alice.id(), bob.id(), null, "hi"));
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.send(alice.id(), bob.id(), " ", "hi"));
    expectError(ErrorCode.BAD_REQUEST,
        () -> f.messages.send(alice.id(), bob.id(), "i".repeat(Message.MAX_CLIENT_MSG_ID + 1), "hi"));

    assertThat(f.messages.send(alice.id(), bob.id(), "i".repeat(Message.MAX_CLIENT_MSG_ID), "hi").duplicate()).isFalse();
  }

  @Test
  void selfUnknownRecipientAndVanishedSenderAreRefused() {
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.send(alice.id(), alice.id(), "c-1", "me"));
    expectError(ErrorCode.NOT_FOUND, () -> f.messages.send(alice.id(), bob.id() + 1000, "c-2", "who"));
    expectError(ErrorCode.UNAUTHORIZED, () -> f.messages.send(bob.id() + 2000, bob.id(), "c-3", "ghost"));
    assertThat(f.events.stored()).isEmpty();
  }

  @Test
  void syncPagesThroughTheMailbox() {
    sendAlternating(5);

    MailboxPage first = f.messages.sync(bob.id(), 0, 2);
    assertThat(seqs(first.entries())).containsExactly(1L, 2L);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.lastSeq()).isEqualTo(5);

    MailboxPage second = f.messages.sync(bob.id(), 2, 2);
    assertThat(seqs(second.entries())).containsExactly(3L, 4L);
    assertThat(second.hasMore()).isTrue();

    MailboxPage last = f.messages.sync(bob.id(), 4, 2);
    assertThat(seqs(last.entries())).containsExactly(5L);
    assertThat(last.hasMore()).isFalse();

    MailboxPage exact = f.messages.sync(bob.id(), 3, 2);
    assertThat(seqs(exact.entries())).containsExactly(4L, 5L);
    assertThat(exact.hasMore()).isFalse();

    MailboxPage none = f.messages.sync(bob.id(), 5, 2);
    assertThat(none.entries()).isEmpty();
    assertThat(none.hasMore()).isFalse();
    assertThat(none.lastSeq()).isEqualTo(5);
  }

  @Test
  void syncRefusesNegativePositionsAndClampsPageSize() {
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.sync(bob.id(), -1, 10));

    ServiceFixture small = new ServiceFixture(FriendServiceTest.smallPages(3));
    User a = small.user("Amy");
    User b = small.user("Bea");
    small.befriend(a, b);
    for (int i = 0; i < 4; i++) {
      small.messages.send(a.id(), b.id(), "c-" + i, "m" + i);
    }
    MailboxPage page = small.messages.sync(b.id(), 0, 1000);
    assertThat(seqs(page.entries())).containsExactly(1L, 2L, 3L);
    assertThat(page.hasMore()).isTrue();
    assertThat(seqs(small.messages.sync(b.id(), 0, 0).entries())).containsExactly(1L, 2L, 3L);
  }

  @Test
  void historyPagesNewestFirst() {
    List<AppendResult> sent = sendAlternating(5);
    long[] ids = sent.stream().mapToLong(r -> r.message().id()).toArray();

    HistoryPage newest = f.messages.history(alice.id(), bob.id(), 0, 2);
    assertThat(newest.messages()).extracting(Message::id).containsExactly(ids[4], ids[3]);
    assertThat(newest.hasMore()).isTrue();

    HistoryPage older = f.messages.history(alice.id(), bob.id(), ids[3], 2);
    assertThat(older.messages()).extracting(Message::id).containsExactly(ids[2], ids[1]);
    assertThat(older.hasMore()).isTrue();

    HistoryPage oldest = f.messages.history(bob.id(), alice.id(), ids[1], 2);
    assertThat(oldest.messages()).extracting(Message::id).containsExactly(ids[0]);
    assertThat(oldest.hasMore()).isFalse();

    HistoryPage exact = f.messages.history(bob.id(), alice.id(), ids[2], 2);
    assertThat(exact.messages()).extracting(Message::id).containsExactly(ids[1], ids[0]);
    assertThat(exact.hasMore()).isFalse();
  }

  @Test
  void historyNeedsAKnownPeerAndAValidPosition() {
    expectError(ErrorCode.NOT_FOUND, () -> f.messages.history(alice.id(), bob.id() + 1000, 0, 10));
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.history(alice.id(), bob.id(), -5, 10));
    assertThat(f.messages.history(alice.id(), bob.id(), 0, 10).messages()).isEmpty();
  }

  @Test
  void conversationsShowTheLastMessageAndUnreadCountUntilAcked() {
    User carol = f.user("Carol");
    f.befriend(carol, bob);
    f.messages.send(alice.id(), bob.id(), "a-1", "one");
    f.messages.send(alice.id(), bob.id(), "a-2", "two");
    f.messages.send(bob.id(), alice.id(), "b-1", "reply");
    f.messages.send(carol.id(), bob.id(), "c-1", "from carol");

    assertThat(f.messages.conversations(bob.id(), 0))
        .extracting(Conversation::peerId, c -> c.lastMessage().text(), Conversation::unreadCount)
        .containsExactly(tuple(carol.id(), "from carol", 1), tuple(alice.id(), "reply", 2));

    f.messages.ack(bob.id(), 2);
    assertThat(f.messages.ackedSeq(bob.id())).isEqualTo(2);
    assertThat(f.messages.conversations(bob.id(), 0)).extracting(Conversation::peerId, Conversation::unreadCount)
        .containsExactly(tuple(carol.id(), 1), tuple(alice.id(), 0));

    f.messages.ack(bob.id(), f.messages.lastSeq(bob.id()));
    assertThat(f.messages.conversations(bob.id(), 1)).extracting(Conversation::peerId, Conversation::unreadCount)
        .containsExactly(tuple(carol.id(), 0));
  }

  @Test
  void negativeAckIsRefused() {
    expectError(ErrorCode.BAD_REQUEST, () -> f.messages.ack(bob.id(), -1));
    assertThat(f.messages.ackedSeq(bob.id())).isZero();
  }

  @Test
  void failingListenerDoesNotFailAStoredSend() {
    MessageService service = new MessageService(f.users, f.friendStore, f.messageStore, new ChatEvents() {
      @Override
      public void messageStored(AppendResult result) {
        throw new IllegalStateException("push failed");
      }
    }, f.limits, f.clock);

    AppendResult result = service.send(alice.id(), bob.id(), "c-1", "hi");

    assertThat(f.messages.sync(bob.id(), 0, 10).entries()).containsExactly(result.recipientEntry());
  }

  private List<AppendResult> sendAlternating(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> i % 2 == 0
            ? f.messages.send(alice.id(), bob.id(), "m-" + i, "message " + i)
            : f.messages.send(bob.id(), alice.id(), "m-" + i, "message " + i))
        .toList();
  }

  private static List<Long> seqs(List<MailboxEntry> entries) {
    return entries.stream().map(MailboxEntry::seq).toList();
  }
}
