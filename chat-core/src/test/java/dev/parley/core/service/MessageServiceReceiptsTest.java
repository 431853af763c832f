package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.AckResult;
import dev.parley.core.model.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MessageService#receiptsOwed}: per peer, the highest id of its messages the ack covered, bounded. */
class MessageServiceReceiptsTest {
  private final ServiceFixture f = new ServiceFixture();
  private final User reader = f.user("Reader");
  private final User bob = f.user("Bob");
  private final User carol = f.user("Carol");

  MessageServiceReceiptsTest() {
    f.befriend(reader, bob);
    f.befriend(reader, carol);
  }

  private long send(User from, User to) {
    return f.messages.send(from.id(), to.id(), "c-" + System.nanoTime(), "hi").message().id();
  }

  @Test
  void eachPeerReadInTheRangeIsOwedItsHighestMessageAndTheReadersOwnEntriesCountForNobody() {
    long b1 = send(bob, reader);       // seq 1
    long c1 = send(carol, reader);     // seq 2
    long b2 = send(bob, reader);       // seq 3
    send(reader, bob);                 // seq 4: the reader's own
    long c2 = send(carol, reader);     // seq 5, beyond the ack below

    AckResult ack = f.messages.ack(reader.id(), 4);
    assertThat(ack).isEqualTo(new AckResult(0, 4));
    assertThat(f.messages.receiptsOwed(reader.id(), ack)).isEqualTo(Map.of(bob.id(), b2, carol.id(), c1));
    assertThat(b1).isLessThan(b2);

    AckResult next = f.messages.ack(reader.id(), 5);
    assertThat(f.messages.receiptsOwed(reader.id(), next)).isEqualTo(Map.of(carol.id(), c2));
    assertThat(f.messages.receiptsOwed(reader.id(), f.messages.ack(reader.id(), 5))).isEmpty();
  }

  @Test
  void aHugeJumpReadsOnlyTheNewestEntriesOfTheRange() {
    send(carol, reader); // seq 1: only in the part of the jump that is not read
    long lastOfBob = 0;
    for (int i = 0; i < MessageService.MAX_RECEIPT_ENTRIES; i++) {
      lastOfBob = send(bob, reader);
    }

    AckResult ack = f.messages.ack(reader.id(), MessageService.MAX_RECEIPT_ENTRIES + 1);
    assertThat(ack.ackedSeq()).isEqualTo(MessageService.MAX_RECEIPT_ENTRIES + 1);
    assertThat(f.messages.receiptsOwed(reader.id(), ack)).isEqualTo(Map.of(bob.id(), lastOfBob));
  }
}
