package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-thread builders of the push and the ack: same frames as fresh builders make, unchanged by reuse. */
class ReusedBuildersTest {
  private static final Instant AT = Instant.parse("2026-12-01T12:00:00.123Z");

  @Test
  void theMessageEventIsTheFrameFreshBuildersMake() {
    MailboxEntry e = new MailboxEntry(2, 17, new Message(99, 1, 2, "c-1", "hello 👋", AT));

    Frame reused = ProtoMapper.messageEvent(e);

    Frame fresh = Frame.newBuilder().setMessageEvent(ChatProtocol.MessageEvent.newBuilder()
        .setEntry(ProtoMapper.entry(e))).build();
    assertThat(reused).isEqualTo(fresh);
    assertThat(reused.toByteArray()).isEqualTo(fresh.toByteArray());
  }

  @Test
  void aBuiltFrameDoesNotChangeWhenTheBuildersAreReused() {
    Frame first = ProtoMapper.messageEvent(new MailboxEntry(2, 1, new Message(10, 1, 2, "c-a", "first", AT)));
    byte[] firstBytes = first.toByteArray();
    ReusedBuilders b = ReusedBuilders.get();
    Frame ack = b.answer().setRequestId(5).setSendAck(b.ack().setMessageId(10).setClientMsgId("c-a").build()).build();

    Frame second = ProtoMapper.messageEvent(new MailboxEntry(1, 2, new Message(11, 2, 1, "c-b", "second", AT)));
    Frame otherAck = b.answer().setRequestId(6).setSendAck(b.ack().setMessageId(11).setDuplicate(true).build()).build();

    assertThat(first.toByteArray()).isEqualTo(firstBytes);
    assertThat(first.getMessageEvent().getEntry().getMessage().getText()).isEqualTo("first");
    assertThat(second.getMessageEvent().getEntry().getSeq()).isEqualTo(2);
    assertThat(ack.getRequestId()).isEqualTo(5);
    assertThat(ack.getSendAck().getClientMsgId()).isEqualTo("c-a");
    assertThat(ack.getSendAck().getDuplicate()).isFalse();
    assertThat(otherAck.getSendAck().getClientMsgId()).as("cleared between uses").isEmpty();
    assertThat(otherAck.getSendAck().getDuplicate()).isTrue();
  }
}
