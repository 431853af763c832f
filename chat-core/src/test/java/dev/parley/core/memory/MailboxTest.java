package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Conversation;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compact mailbox layout on its own (the store's contract test covers it through the store):
 * entry arrays that grow, reads after a seq, history per peer, recency order of conversations and
 * the sent index that de-duplicates, across many growths.
 */
class MailboxTest {
  private static final long OWNER = 10;
  private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

  private final Mailbox box = new Mailbox(OWNER);
  private long lastId;

  @Test
  void seqsCountFromOneAndSurviveManyGrowths() {
    for (int i = 1; i <= 5_000; i++) {
      assertThat(box.append(message(OWNER, 20 + i % 7, "c" + i))).isEqualTo(i);
    }
    assertThat(box.lastSeq()).isEqualTo(5_000);
    for (long seq = 1; seq <= 5_000; seq++) {
      assertThat(box.at(seq).clientMsgId()).isEqualTo("c" + seq);
    }
  }

  @Test
  void readReturnsTheEntriesAfterASeqInPages() {
    for (int i = 1; i <= 10; i++) {
      box.append(message(20, OWNER, "c" + i));
    }
    List<MailboxEntry> page = box.read(7, 2);
    assertThat(page).extracting(MailboxEntry::seq).containsExactly(8L, 9L);
    assertThat(page).allMatch(e -> e.ownerId() == OWNER);
    assertThat(page.get(0).message().clientMsgId()).isEqualTo("c8");
    assertThat(box.read(9, 100)).extracting(MailboxEntry::seq).containsExactly(10L);
    assertThat(box.read(10, 100)).isEmpty();
    assertThat(box.read(-5, 1)).extracting(MailboxEntry::seq).containsExactly(1L);
    assertThat(box.read(Long.MAX_VALUE, 5)).isEmpty();
  }

  @Test
  void historyIsPerPeerNewestFirstBeforeAnId() {
    for (int i = 1; i <= 300; i++) {
      box.append(i % 3 == 0 ? message(30, OWNER, "p30-" + i) : message(OWNER, 20, "p20-" + i));
    }
    List<Message> with30 = box.history(30, 0, 1_000);
    assertThat(with30).hasSize(100);
    assertThat(with30.get(0).clientMsgId()).isEqualTo("p30-300");
    assertThat(with30).isSortedAccordingTo((a, b) -> Long.compare(b.id(), a.id()));
    long middle = with30.get(50).id();
    assertThat(box.history(30, middle, 3)).extracting(Message::id)
        .containsExactly(with30.get(51).id(), with30.get(52).id(), with30.get(53).id());
    assertThat(box.history(20, 0, 1_000)).hasSize(200);
    assertThat(box.history(99, 0, 10)).isEmpty();
  }

  @Test
  void conversationsComeInRecencyOrderAsMessagesMoveThemToTheFront() {
    box.append(message(OWNER, 21, "a"));
    box.append(message(22, OWNER, "b"));
    box.append(message(OWNER, 23, "c"));
    assertThat(peers(box.conversations(10))).containsExactly(23L, 22L, 21L);
    box.append(message(21, OWNER, "d")); // the last one moves to the front
    assertThat(peers(box.conversations(10))).containsExactly(21L, 23L, 22L);
    box.append(message(OWNER, 23, "e")); // the middle one moves to the front
    assertThat(peers(box.conversations(10))).containsExactly(23L, 21L, 22L);
    box.append(message(OWNER, 23, "f")); // the front one stays
    assertThat(peers(box.conversations(2))).containsExactly(23L, 21L);
    assertThat(box.conversations(10).get(0).lastMessage().clientMsgId()).isEqualTo("f");
  }

  @Test
  void unreadCountsOnlyThePeersMessagesAfterTheAck() {
    box.append(message(21, OWNER, "1"));
    box.append(message(OWNER, 21, "2"));
    box.append(message(21, OWNER, "3"));
    assertThat(box.conversations(1).get(0).unreadCount()).isEqualTo(2);
    box.ack(1);
    assertThat(box.conversations(1).get(0).unreadCount()).isEqualTo(1);
    box.ack(99);
    assertThat(box.ackedSeq()).isEqualTo(3);
    assertThat(box.conversations(1).get(0).unreadCount()).isZero();
  }

  @Test
  void theSentIndexFindsEveryOwnMessageAcrossGrowthsAndNoOtherId() {
    for (int i = 1; i <= 3_000; i++) {
      long seq = box.append(i % 2 == 0 ? message(OWNER, 20, "own-" + i) : message(20, OWNER, "peer-" + i));
      if (i % 2 == 0) {
        box.indexSent(seq, 1_000 + i);
      }
    }
    for (int i = 2; i <= 3_000; i += 2) {
      long found = box.findSent("own-" + i);
      assertThat(found >>> 32).as("own seq of own-%d", i).isEqualTo(i);
      assertThat(found & 0xFFFF_FFFFL).as("recipient seq of own-%d", i).isEqualTo(1_000 + i);
    }
    assertThat(box.findSent("peer-1")).as("the peer's ids are its own, not the owner's").isEqualTo(-1);
    assertThat(box.findSent("own-1")).isEqualTo(-1);
  }

  private Message message(long from, long to, String clientMsgId) {
    return new Message(++lastId, from, to, clientMsgId, "text " + clientMsgId, AT);
  }

  private static List<Long> peers(List<Conversation> conversations) {
    return conversations.stream().map(Conversation::peerId).toList();
  }
}
