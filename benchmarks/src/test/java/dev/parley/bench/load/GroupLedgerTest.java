package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.core.protocol.ChatProtocol;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The group run's bookkeeping (pushes per member, seqs, the audit's inputs), without a server. */
class GroupLedgerTest {
  private static final long GROUP_A = 9001;
  private static final long GROUP_B = 9002;
  private final List<BenchConnection> a = sessions(100, 3);
  private final List<BenchConnection> b = sessions(200, 2);
  private final GroupLedger ledger = new GroupLedger(List.of(a, b), new long[] {GROUP_A, GROUP_B}, 32, 0, 7, null);

  private static List<BenchConnection> sessions(long firstId, int count) {
    List<BenchConnection> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = firstId + i;
      BenchConnection c = new BenchConnection(new SeedUser(id, "u" + id, "u" + id + "@x.invalid", "t"), (int) id,
          (int) id, FrameListener.NONE);
      new EmbeddedChannel(c); // gives the connection a channel to write to
      out.add(c);
    }
    return out;
  }

  private ChatProtocol.GroupMessage push(int k, long seq) {
    long group = ledger.group(k) == 0 ? GROUP_A : GROUP_B;
    return ChatProtocol.GroupMessage.newBuilder().setGroupId(group).setSeq(seq).setSenderId(ledger.sender(k).user().id())
        .setClientMsgId(ledger.clientMsgId(k)).setText("x").build();
  }

  private void ack(int k, long seq) {
    ledger.onGroupAck(ledger.sender(k), k + 1L, ChatProtocol.GroupSendAck.newBuilder()
        .setGroupId(ledger.group(k) == 0 ? GROUP_A : GROUP_B).setSeq(seq).setClientMsgId(ledger.clientMsgId(k)).build());
  }

  /** Pushes message {@code k} to every member of its group but the sender. */
  private void pushToAll(int k, long seq) {
    for (BenchConnection c : ledger.members(ledger.group(k))) {
      if (c != ledger.sender(k)) {
        ledger.onGroupMessage(c, push(k, seq));
      }
    }
  }

  private List<BenchConnection> others(int k) {
    return ledger.members(ledger.group(k)).stream().filter(c -> c != ledger.sender(k)).toList();
  }

  @Test
  void messagesRotateOverTheGroupsFromOneOfTheirMembers() {
    for (int k = 0; k < 32; k++) {
      assertThat(ledger.group(k)).isEqualTo(k % 2);
      assertThat(ledger.members(ledger.group(k))).contains(ledger.sender(k));
    }
    assertThat(ledger.pushesOf(0)).isEqualTo(2);
    assertThat(ledger.pushesOf(1)).isEqualTo(1);
  }

  @Test
  void aMessageIsDeliveredOnceEveryOtherMemberHasItAndASecondPushIsADuplicateOfThatMember() {
    ledger.write(0, 1, "x");
    ack(0, 5);
    assertThat(ledger.settled(1)).isFalse();

    pushToAll(0, 5);
    ledger.onGroupMessage(others(0).get(0), push(0, 5));

    GroupLedger.Counts c = ledger.counts();
    assertThat(c.delivered()).isEqualTo(1);
    assertThat(c.pushes()).isEqualTo(2);
    assertThat(c.duplicatedPushes()).isEqualTo(1);
    assertThat(ledger.settled(1)).isTrue();
    GroupLedger.MemberStats stats = ledger.memberStats(ledger.missing(1));
    assertThat(stats.membersWithDuplicates()).isEqualTo(1);
    assertThat(stats.worst()).singleElement().satisfies(t -> {
      assertThat(t.userId()).isEqualTo(others(0).get(0).user().id());
      assertThat(t.duplicated()).isEqualTo(1);
    });
  }

  @Test
  void theSendersOwnPushAndAPushToAnotherGroupsMemberAreMisrouted() {
    ledger.write(0, 1, "x");
    ledger.onGroupMessage(ledger.sender(0), push(0, 5));
    ledger.onGroupMessage(b.get(0), push(0, 5));

    assertThat(ledger.counts().misrouted()).isEqualTo(2);
    assertThat(ledger.counts().pushes()).isZero();
  }

  @Test
  void missingPushesAreCountedPerMember() {
    ledger.write(0, 1, "x");
    ledger.write(2, 1, "x");
    ack(0, 5);
    ack(2, 6);
    BenchConnection got = others(0).get(0);
    ledger.onGroupMessage(got, push(0, 5));
    pushToAll(2, 6);

    GroupLedger.Missing missing = ledger.missing(3);
    assertThat(missing.messages()).isEqualTo(1);
    assertThat(missing.pushes()).isEqualTo(1);
    GroupLedger.MemberStats stats = ledger.memberStats(missing);
    assertThat(stats.membersMissing()).isEqualTo(1);
    assertThat(stats.worst()).singleElement().satisfies(t -> {
      assertThat(t.userId()).isEqualTo(others(0).get(1).user().id());
      assertThat(t.missing()).isEqualTo(1);
    });
    assertThat(ledger.settled(3)).isFalse();
  }

  @Test
  void anAckAndAPushWithDifferentSeqsAreAMismatch() {
    ledger.write(0, 1, "x");
    ack(0, 5);
    ledger.onGroupMessage(others(0).get(0), push(0, 6));

    assertThat(ledger.counts().seqMismatches()).isEqualTo(1);
  }

  @Test
  void aMemberSeeingASeqNotAboveItsLastIsOutOfOrder() {
    ledger.write(0, 1, "x");
    ledger.write(2, 1, "x");
    BenchConnection member = a.stream().filter(c -> c != ledger.sender(0) && c != ledger.sender(2)).findFirst()
        .orElseThrow();
    ledger.onGroupMessage(member, push(2, 6));
    ledger.onGroupMessage(member, push(0, 5));

    assertThat(ledger.counts().outOfOrder()).isEqualTo(1);
  }

  @Test
  void theSeqCheckFindsGapsAndSharedSeqsAfterTheBaseline() {
    for (int k = 0; k < 8; k++) {
      ledger.write(k, 1, "x");
    }
    // group A (k = 0, 2, 4, 6) after baseline 10: 11, 12, 14, 15 -> one gap (13)
    ack(0, 11);
    ack(2, 12);
    ack(4, 14);
    ack(6, 15);
    // group B (k = 1, 3, 5, 7) after baseline 3: 4, 5, 5, 6 -> one seq held twice
    ack(1, 4);
    ack(3, 5);
    ack(5, 5);
    ack(7, 6);

    GroupLedger.SeqCheck check = ledger.seqCheck(8, new long[] {10, 3});
    assertThat(check.acknowledged()).isEqualTo(8);
    assertThat(check.gaps()).isEqualTo(1);
    assertThat(check.duplicates()).isEqualTo(1);
    assertThat(check.groupsWithGaps()).isEqualTo(2);

    GroupLedger clean = new GroupLedger(List.of(a, b), new long[] {GROUP_A, GROUP_B}, 8, 0, 7, null);
    assertThat(clean.seqCheck(8, new long[] {10, 3}).gaps()).isZero();
  }

  @Test
  void idsOfOtherRunsAndUnwrittenRequestsAreForeign() {
    ledger.onGroupMessage(a.get(1), ChatProtocol.GroupMessage.newBuilder().setGroupId(GROUP_A).setSeq(1)
        .setClientMsgId("0123abcd-0").build());
    ledger.onGroupAck(a.get(0), 3, ChatProtocol.GroupSendAck.newBuilder().setSeq(1).build());

    assertThat(ledger.counts().foreign()).isEqualTo(2);
    assertThat(ledger.counts().acked()).isZero();
  }
}
