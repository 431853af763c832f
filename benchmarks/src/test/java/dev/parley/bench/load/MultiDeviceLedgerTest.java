package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.core.protocol.ChatProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-session bookkeeping with three devices per user: 2N-1 = 5 pushes per message, each exactly once. */
class MultiDeviceLedgerTest {
  private final SeedUser aliceUser = new SeedUser(11, "alice", "a@x.invalid", "t");
  private final SeedUser bobUser = new SeedUser(12, "bob", "b@x.invalid", "t");
  private final BenchConnection[] alice = devices(aliceUser, 0);
  private final BenchConnection[] bob = devices(bobUser, 3);
  private final MessageLedger ledger = new MessageLedger(List.of(alice[0], bob[0]), 3, 8, 0, null);

  private static BenchConnection[] devices(SeedUser u, int firstIndex) {
    BenchConnection[] out = new BenchConnection[3];
    for (int d = 0; d < 3; d++) {
      out[d] = new BenchConnection(u, BenchDevice.of(u.id(), d), firstIndex + d, firstIndex + d, FrameListener.NONE);
    }
    return out;
  }

  @Test
  void aMessageIsDeliveredOnceEveryRecipientDeviceAndEveryOtherSenderDeviceHasIt() {
    ledger.onAck(alice[0], 1, ChatProtocol.SendAck.getDefaultInstance());
    ledger.onMessage(bob[0], entry(0));
    ledger.onMessage(bob[1], entry(0));
    ledger.onMessage(bob[2], entry(0));
    ledger.onMessage(alice[1], entry(0));
    assertThat(ledger.counts().delivered()).as("alice's device 2 has not got it yet").isZero();
    assertThat(ledger.settled(0)).as("acked but not pushed everywhere").isFalse();
    assertThat(ledger.missingPushes(1)).isEqualTo(new MessageLedger.Missing(1, 0, 1));

    ledger.onMessage(alice[2], entry(0));

    assertThat(ledger.counts().delivered()).isEqualTo(1);
    assertThat(ledger.counts().deliveries()).isEqualTo(5);
    assertThat(ledger.counts().recipientDeliveries()).isEqualTo(3);
    assertThat(ledger.counts().senderDeviceDeliveries()).isEqualTo(2);
    assertThat(ledger.missingPushes(1).pushes()).isZero();
    assertThat(ledger.settled(0)).isTrue();
  }

  @Test
  void aSecondPushToOneDeviceIsADuplicateEvenWhenOtherDevicesLackIt() {
    ledger.onMessage(bob[1], entry(0));
    ledger.onMessage(bob[1], entry(0));
    ledger.onMessage(alice[2], entry(0));
    ledger.onMessage(alice[2], entry(0));

    assertThat(ledger.counts().duplicated()).isEqualTo(2);
    assertThat(ledger.counts().recipientDuplicates()).isEqualTo(1);
    assertThat(ledger.counts().senderDeviceDuplicates()).isEqualTo(1);
    assertThat(ledger.counts().deliveries()).isEqualTo(2);
  }

  @Test
  void aPushToTheSendingSessionIsMisrouted() {
    ledger.onMessage(alice[0], entry(0));

    assertThat(ledger.counts().misrouted()).isEqualTo(1);
    assertThat(ledger.counts().deliveries()).isZero();
  }

  @Test
  void kicksAreCounted() {
    ledger.onKicked(bob[2], "TOO_MANY_DEVICES");

    assertThat(ledger.counts().kicked()).isEqualTo(1);
    assertThat(ledger.counts().kicksByReason()).containsEntry("TOO_MANY_DEVICES", 1);
  }

  private ChatProtocol.MailboxEntry entry(int k) {
    return ChatProtocol.MailboxEntry.newBuilder().setSeq(k + 1).setMessage(ChatProtocol.ChatMessage.newBuilder()
        .setSenderId(ledger.sender(k).user().id()).setRecipientId(ledger.recipient(k).user().id())
        .setClientMsgId(ledger.clientMsgId(k))).build();
  }
}
