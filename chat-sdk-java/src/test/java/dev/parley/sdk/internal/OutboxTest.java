package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.protocol.ChatProtocol.SendAck;
import dev.parley.sdk.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The outbox's state machine against a hand-driven node: order, window, back-off, resend, bounds. */
class OutboxTest {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final FakeNode node = new FakeNode();
  private final List<String> acked = new ArrayList<>();
  private final Outbox outbox = new Outbox(node.loop(), 3 * Outbox.MAX_WINDOW, FakeNode.REQUEST_TIMEOUT, SEND_TIMEOUT,
      (ack, peerId, text) -> acked.add(ack.getClientMsgId() + "->" + peerId + ":" + text),
      (ack, text) -> acked.add(ack.getClientMsgId() + "->group " + ack.getGroupId() + ":" + text));

  @Test
  void sendsGoOldestFirstAndCompleteWithTheirAck() {
    outbox.onLoggedIn(node.connect());
    CompletableFuture<SendResult> first = outbox.submit(7, "one", "c1", "test");
    CompletableFuture<SendResult> second = outbox.submit(7, "two", "c2", "test");

    Frame r1 = node.expect(BodyCase.SEND_MESSAGE);
    Frame r2 = node.expect(BodyCase.SEND_MESSAGE);
    assertThat(r1.getSendMessage().getClientMsgId()).isEqualTo("c1");
    assertThat(r2.getSendMessage().getClientMsgId()).isEqualTo("c2");
    node.answer(r1, ack("c1", 11));
    node.answer(r2, ack("c2", 12));

    assertThat(first).isCompletedWithValueMatching(r -> r.seq() == 11 && r.clientMsgId().equals("c1"));
    assertThat(second).isCompletedWithValueMatching(r -> r.seq() == 12);
    assertThat(acked).containsExactly("c1->7:one", "c2->7:two");
  }

  @Test
  void aGroupSendInFlightWhenTheConnectionDropsIsSentAgainWithTheSameIdAfterTheNextLogin() {
    outbox.onLoggedIn(node.connect());
    CompletableFuture<dev.parley.sdk.GroupSendResult> result = outbox.submitToGroup(301, "hi all", "c1", "test");
    CompletableFuture<SendResult> direct = outbox.submit(7, "hi", "c1", "test");
    Frame first = node.expect(BodyCase.SEND_GROUP_MESSAGE);
    assertThat(first.getSendGroupMessage().getGroupId()).isEqualTo(301);
    node.expect(BodyCase.SEND_MESSAGE);

    node.disconnect();
    outbox.onDisconnected();
    outbox.onLoggedIn(node.connect());

    Frame again = node.expect(BodyCase.SEND_GROUP_MESSAGE);
    assertThat(again.getSendGroupMessage().getClientMsgId()).isEqualTo("c1");
    assertThat(again.getSendGroupMessage().getText()).isEqualTo("hi all");
    assertThat(outbox.submitToGroup(301, "hi all", "c1", "test")).as("still one send").isSameAs(result);
    node.answer(again, Frame.newBuilder().setGroupSendAck(ChatProtocol.GroupSendAck.newBuilder().setGroupId(301)
        .setClientMsgId("c1").setSeq(9).setMessageId(77).setDuplicate(true)));

    assertThat(result).isCompletedWithValueMatching(r -> r.duplicate() && r.seq() == 9 && r.groupId() == 301);
    assertThat(direct).as("a 1:1 send with the same id is another send").isNotDone();
    assertThat(acked).containsExactly("c1->group 301:hi all");
  }

  @Test
  void theSameClientMsgIdIsSentOnceAndSharesOneFuture() {
    outbox.onLoggedIn(node.connect());
    CompletableFuture<SendResult> a = outbox.submit(7, "hi", "c1", "test");
    CompletableFuture<SendResult> b = outbox.submit(7, "hi", "c1", "test");

    assertThat(b).isSameAs(a);
    node.expect(BodyCase.SEND_MESSAGE);
    assertThat(node.nextRequest()).isNull();
  }

  @Test
  void atMostAWindowOfSendsIsInFlight() {
    outbox.onLoggedIn(node.connect());
    for (int i = 0; i <= Outbox.MAX_WINDOW; i++) {
      outbox.submit(7, "m" + i, "c" + i, "test");
    }
    List<Frame> sent = new ArrayList<>();
    for (Frame f; (f = node.nextRequest()) != null; ) {
      sent.add(f);
    }
    assertThat(sent).hasSize(Outbox.MAX_WINDOW);

    node.answer(sent.get(0), ack("c0", 1));
    assertThat(node.expect(BodyCase.SEND_MESSAGE).getSendMessage().getClientMsgId()).isEqualTo("c" + Outbox.MAX_WINDOW);
  }

  @Test
  void aSendTurnedAwayForRateWaitsTheRetryAfterAndGoesAgainWithTheSameId() {
    outbox.onLoggedIn(node.connect());
    CompletableFuture<SendResult> result = outbox.submit(7, "hi", "c1", "test");
    node.refuse(node.expect(BodyCase.SEND_MESSAGE), ChatProtocol.ErrorCode.RATE_LIMITED, 500);

    assertThat(result).isNotDone();
    node.advance(Duration.ofMillis(400));
    assertThat(node.nextRequest()).as("still paused").isNull();
    node.advance(Duration.ofMillis(200));
    Frame again = node.expect(BodyCase.SEND_MESSAGE);
    assertThat(again.getSendMessage().getClientMsgId()).isEqualTo("c1");
    node.answer(again, ack("c1", 5));
    assertThat(result).isCompletedWithValueMatching(r -> r.seq() == 5);
  }

  @Test
  void aSendInFlightWhenTheConnectionDropsIsSentAgainAfterTheNextLogin() {
    outbox.onLoggedIn(node.connect());
    CompletableFuture<SendResult> result = outbox.submit(7, "hi", "c1", "test");
    node.expect(BodyCase.SEND_MESSAGE);

    node.disconnect();
    outbox.onDisconnected();
    assertThat(result).isNotDone();
    outbox.onLoggedIn(node.connect());

    Frame again = node.expect(BodyCase.SEND_MESSAGE);
    assertThat(again.getSendMessage().getClientMsgId()).isEqualTo("c1");
    node.answer(again, ack("c1", 3).setSendAck(SendAck.newBuilder().setClientMsgId("c1").setSeq(3).setDuplicate(true)));
    assertThat(result).isCompletedWithValueMatching(r -> r.duplicate() && r.seq() == 3);
  }

  @Test
  void aFullOutboxRefusesANewSendAtOnceWithItsState() {
    Outbox small = new Outbox(node.loop(), 2, FakeNode.REQUEST_TIMEOUT, SEND_TIMEOUT, (ack, peer, text) -> {});
    small.submit(7, "a", "c1", "reconnecting");
    small.submit(7, "b", "c2", "reconnecting");

    CompletableFuture<SendResult> third = small.submit(7, "c", "c3", "reconnecting");

    assertThat(third).isCompletedExceptionally();
    assertThat(failure(third)).isInstanceOfSatisfying(ChatException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.getMessage()).contains("2 of 2").contains("reconnecting");
    });
  }

  @Test
  void aSendNeverTransmittedFailsAfterTheSendTimeout() {
    CompletableFuture<SendResult> result = outbox.submit(7, "hi", "c1", "disconnected");

    node.advance(SEND_TIMEOUT.plusSeconds(1));

    assertThat(failure(result)).isInstanceOfSatisfying(ChatException.class,
        e -> assertThat(e.getMessage()).contains("c1").contains("could not be sent within 30000 ms"));
  }

  private static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    return f.handle((value, error) -> error).join();
  }

  private static Frame.Builder ack(String clientMsgId, long seq) {
    return Frame.newBuilder().setSendAck(SendAck.newBuilder().setClientMsgId(clientMsgId).setSeq(seq)
        .setMessageId(100 + seq).setSentAtMs(1_000));
  }
}
