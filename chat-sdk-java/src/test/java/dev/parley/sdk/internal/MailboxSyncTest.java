package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.protocol.ChatProtocol.MailboxEntry;
import dev.parley.core.protocol.ChatProtocol.SyncResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Mailbox sync against a hand-driven node: pages after login, gaps from pushes, retries, catching up. */
class MailboxSyncTest {
  private static final long SELF = 1;
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final FakeNode node = new FakeNode();
  private final List<Long> delivered = new ArrayList<>();
  private final List<Long> caughtUp = new ArrayList<>();
  private final MailboxSync sync = new MailboxSync(node.loop(), new MailboxSequencer<>(0, 1000, MailboxItem::seq),
      FakeNode.REQUEST_TIMEOUT,
      RETRY, run -> run.forEach(m -> delivered.add(m.seq())), caughtUp::add);

  @Test
  void afterLoginItSyncsPageByPageFromThePositionAndTellsWhenCaughtUp() {
    sync.onLoggedIn(node.connect(), SELF, 3);

    Frame first = node.expect(BodyCase.SYNC);
    assertThat(first.getSync().getAfterSeq()).isZero();
    assertThat(first.getSync().getLimit()).isEqualTo(MailboxSync.PAGE_SIZE);
    node.answer(first, page(true, 1, 2));
    Frame second = node.expect(BodyCase.SYNC);
    assertThat(second.getSync().getAfterSeq()).isEqualTo(2);
    assertThat(caughtUp).isEmpty();
    node.answer(second, page(false, 3));

    assertThat(delivered).containsExactly(1L, 2L, 3L);
    assertThat(caughtUp).containsExactly(3L);
    assertThat(node.nextRequest()).as("no more pages asked for").isNull();
  }

  @Test
  void aPushThatSkipsAheadSyncsTheGapAndEverythingIsDeliveredOnceInOrder() {
    sync.onLoggedIn(node.connect(), SELF, 0);
    node.answer(node.expect(BodyCase.SYNC), page(false));

    sync.onPushed(entry(1));
    sync.onPushed(entry(4));
    assertThat(delivered).containsExactly(1L);
    Frame gap = node.expect(BodyCase.SYNC);
    assertThat(gap.getSync().getAfterSeq()).isEqualTo(1);
    node.answer(gap, page(false, 2, 3, 4));

    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aFailedSyncIsRetriedAfterTheRetryDelay() {
    sync.onLoggedIn(node.connect(), SELF, 1);
    node.refuse(node.expect(BodyCase.SYNC), ChatProtocol.ErrorCode.INTERNAL, 0);

    node.advance(RETRY.minusMillis(100));
    assertThat(node.nextRequest()).isNull();
    node.advance(Duration.ofMillis(200));
    node.answer(node.expect(BodyCase.SYNC), page(false, 1));

    assertThat(delivered).containsExactly(1L);
    assertThat(caughtUp).containsExactly(1L);
  }

  @Test
  void aNewLoginSyncsFromWhereTheLastConnectionLeftOff() {
    sync.onLoggedIn(node.connect(), SELF, 2);
    node.answer(node.expect(BodyCase.SYNC), page(false, 1, 2));
    node.disconnect();
    sync.onDisconnected();

    sync.onLoggedIn(node.connect(), SELF, 5);
    Frame resume = node.expect(BodyCase.SYNC);
    assertThat(resume.getSync().getAfterSeq()).isEqualTo(2);
    node.answer(resume, page(false, 3, 4, 5));

    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(caughtUp).as("caught up is told once, for the first login").containsExactly(2L);
  }

  @Test
  void aGroupNoticeTakesItsPlaceInTheMailboxOrder() {
    List<MailboxItem> items = new ArrayList<>();
    MailboxSync withNotices = new MailboxSync(node.loop(), new MailboxSequencer<>(0, 1000, MailboxItem::seq),
        FakeNode.REQUEST_TIMEOUT, RETRY, items::addAll, caughtUp::add);
    withNotices.onLoggedIn(node.connect(), SELF, 3);
    MailboxEntry notice = MailboxEntry.newBuilder().setSeq(2).setNotice(ChatProtocol.GroupNotice.newBuilder()
        .setGroupId(77).setKindValue(dev.parley.core.model.GroupMessageKind.MEMBER_KICKED.wireValue())
        .setActorId(5).setGroupSeq(9).setGroupName("team").setAtMs(2_000)).build();
    node.answer(node.expect(BodyCase.SYNC), Frame.newBuilder().setSyncResponse(SyncResponse.newBuilder()
        .addEntries(entry(1)).addEntries(notice).addEntries(entry(3))));

    assertThat(items).extracting(MailboxItem::seq).containsExactly(1L, 2L, 3L);
    assertThat(items.get(1).message()).isNull();
    assertThat(items.get(1).notice().groupId()).isEqualTo(77);
    assertThat(items.get(1).notice().endsMembership()).isTrue();
    assertThat(items.get(1).notice().groupName()).isEqualTo("team");
    assertThat(items.get(0).message().text()).isEqualTo("t1");
  }

  private static Frame.Builder page(boolean hasMore, long... seqs) {
    SyncResponse.Builder page = SyncResponse.newBuilder().setHasMore(hasMore);
    LongStream.of(seqs).forEach(s -> page.addEntries(entry(s)));
    return Frame.newBuilder().setSyncResponse(page);
  }

  private static MailboxEntry entry(long seq) {
    return MailboxEntry.newBuilder().setSeq(seq).setMessage(ChatProtocol.ChatMessage.newBuilder()
        .setMessageId(100 + seq).setSenderId(2).setRecipientId(SELF).setClientMsgId("m" + seq).setText("t" + seq)
        .setSentAtMs(1_000)).build();
  }

}
