package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.core.protocol.ChatProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping that decides "lost" and "duplicated", without sockets. */
class MessageLedgerTest {
  private final BenchConnection alice = new BenchConnection(new SeedUser(11, "alice", "a@x.invalid", "t"), 0, 0, FrameListener.NONE);
  private final BenchConnection bob = new BenchConnection(new SeedUser(12, "bob", "b@x.invalid", "t"), 1, 1, FrameListener.NONE);
  private final BenchConnection carol = new BenchConnection(new SeedUser(13, "carol", "c@x.invalid", "t"), 2, 2, FrameListener.NONE);
  private final BenchConnection dave = new BenchConnection(new SeedUser(14, "dave", "d@x.invalid", "t"), 3, 3, FrameListener.NONE);
  private final MessageLedger ledger = new MessageLedger(List.of(alice, bob, carol, dave), 16, 0);

  @Test
  void messagesRotateOverPairsAndAlternateDirection() {
    assertThat(List.of(ledger.sender(0), ledger.recipient(0))).containsExactly(alice, bob);
    assertThat(List.of(ledger.sender(1), ledger.recipient(1))).containsExactly(carol, dave);
    assertThat(List.of(ledger.sender(2), ledger.recipient(2))).containsExactly(bob, alice);
    assertThat(List.of(ledger.sender(3), ledger.recipient(3))).containsExactly(dave, carol);
  }

  @Test
  void aSecondPushOfTheSameMessageIsADuplicate() {
    ledger.onMessage(bob, entry(0, alice));
    ledger.onMessage(bob, entry(0, alice));

    assertThat(ledger.counts().delivered()).isEqualTo(1);
    assertThat(ledger.counts().duplicated()).isEqualTo(1);
  }

  @Test
  void aPushToTheWrongUserIsMisroutedNotDelivered() {
    ledger.onMessage(carol, entry(0, alice));

    assertThat(ledger.counts().delivered()).isZero();
    assertThat(ledger.counts().misrouted()).isEqualTo(1);
  }

  @Test
  void idsOfOtherRunsAreForeign() {
    ledger.onMessage(bob, ChatProtocol.MailboxEntry.newBuilder().setSeq(1).setMessage(ChatProtocol.ChatMessage
        .newBuilder().setSenderId(11).setRecipientId(12).setClientMsgId("0123abcd-0")).build());
    ledger.onAck(alice, 99, ChatProtocol.SendAck.getDefaultInstance());

    assertThat(ledger.counts().delivered()).isZero();
    assertThat(ledger.counts().foreign()).isEqualTo(2);
  }

  @Test
  void settlesOnlyWhenEveryAckedMessageWasPushed() {
    ledger.onAck(alice, 1, ChatProtocol.SendAck.getDefaultInstance());
    assertThat(ledger.settled(0)).isFalse();

    ledger.onMessage(bob, entry(0, alice));
    assertThat(ledger.settled(0)).isTrue();
    assertThat(ledger.settled(1)).as("one message handed out but not yet written").isFalse();
    ledger.skip(0);
    assertThat(ledger.settled(1)).isTrue();
    ledger.onAck(alice, 1, ChatProtocol.SendAck.getDefaultInstance());
    assertThat(ledger.counts().duplicateAcks()).isEqualTo(1);
  }

  @Test
  void refusalsAreCountedByCode() {
    ledger.onError(carol, 2, ChatProtocol.Error.newBuilder().setCode(ChatProtocol.ErrorCode.RATE_LIMITED).build());

    assertThat(ledger.counts().refused()).isEqualTo(1);
    assertThat(ledger.counts().refusalsByCode()).containsEntry("RATE_LIMITED", 1);
    assertThat(ledger.flags(1) & MessageLedger.REFUSED).isNotZero();
  }

  private ChatProtocol.MailboxEntry entry(int k, BenchConnection from) {
    return ChatProtocol.MailboxEntry.newBuilder().setSeq(k + 1).setMessage(ChatProtocol.ChatMessage.newBuilder()
        .setSenderId(from.user().id()).setRecipientId(ledger.recipient(k).user().id())
        .setClientMsgId(ledger.clientMsgId(k))).build();
  }
}
