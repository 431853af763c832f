package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.model.SessionToken;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import dev.parley.netty.internal.BadFrame;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The chat pipeline's per-step handlers, each alone on an {@link EmbeddedChannel} (no sockets, no
 * threads; time moves only when the test says): what passes on, what is answered, what closes.
 */
class PipelineHandlersTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);

  @Test
  void aBadFrameIsAnsweredWithItsErrorAndTheConnectionCloses() {
    EmbeddedChannel ch = channelWith(BadFrameHandler::new);

    ch.writeInbound(new BadFrame(ErrorCode.FRAME_TOO_LARGE, "frame of 101 bytes exceeds the limit of 100 bytes"));

    Frame answer = ch.readOutbound();
    assertThat(answer.getRequestId()).isZero();
    assertThat(answer.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.FRAME_TOO_LARGE);
    assertThat(answer.getError().getMessage()).contains("101").contains("100");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void theBadFrameHandlerPassesGoodFramesOn() {
    EmbeddedChannel ch = channelWith(BadFrameHandler::new);

    ch.writeInbound(ping(1));

    assertThat(ch.<Frame>readInbound().getRequestId()).isEqualTo(1);
    assertThat(ch.<Object>readOutbound()).isNull();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void requestsOverTheRateAreRefusedWithARetryAfterAndPassAgainOnceTheBucketRefills() {
    EmbeddedChannel ch = channelWith(s -> new RateLimitHandler(s, 2, nanos::get));

    ch.writeInbound(ping(1), ping(2), ping(3));

    assertThat(ch.<Frame>readInbound().getRequestId()).isEqualTo(1);
    assertThat(ch.<Frame>readInbound().getRequestId()).isEqualTo(2);
    assertThat(ch.<Object>readInbound()).as("the third is not passed on").isNull();
    Frame refusal = ch.readOutbound();
    assertThat(refusal.getRequestId()).isEqualTo(3);
    assertThat(refusal.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.RATE_LIMITED);
    assertThat(refusal.getError().getRetryAfterMs()).isBetween(1, 1000);

    nanos.addAndGet(SECOND);
    ch.writeInbound(ping(4));
    assertThat(ch.<Frame>readInbound().getRequestId()).isEqualTo(4);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void aClientThatKeepsGoingPastTenTimesTheRateIsDisconnected() {
    EmbeddedChannel ch = channelWith(s -> new RateLimitHandler(s, 2, nanos::get));
    int allowed = 2;
    int refusedBeforeClose = 2 * RateLimitHandler.ABUSE_FACTOR;

    for (int i = 1; i <= allowed + refusedBeforeClose; i++) {
      ch.writeInbound(ping(i));
    }
    assertThat(ch.isOpen()).as("at the threshold it still answers").isTrue();
    ch.writeInbound(ping(99));

    assertThat(ch.isOpen()).isFalse();
    Frame last = null;
    for (Object o; (o = ch.readOutbound()) != null; ) {
      last = (Frame) o;
    }
    assertThat(last.getRequestId()).isEqualTo(99);
    assertThat(last.getError().getMessage()).contains("closing the connection");
  }

  @Test
  void aReaderIdleEventClosesTheConnectionAndOtherEventsPassOn() {
    EmbeddedChannel ch = new EmbeddedChannel(new IdleCloseHandler());

    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isTrue();
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aConnectionThatHasNotLoggedInWhenTheLoginTimeoutEndsIsClosed() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(false, false);
    ChatSession session = new ChatSession(ch, null, 1 << 20);
    ch.pipeline().addLast(new LoginTimeoutHandler(session, Duration.ofSeconds(10)));
    ch.register();

    ch.advanceTimeBy(9, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aSessionThatLoggedInInTimeKeepsItsConnection() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(false, false);
    ChatSession session = new ChatSession(ch, null, 1 << 20);
    ch.pipeline().addLast(new LoginTimeoutHandler(session, Duration.ofSeconds(10)));
    ch.register();

    session.loginAs(new SessionToken("token-of-42", 42, Instant.now().plusSeconds(3600)));
    ch.advanceTimeBy(11, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
  }

  /** A channel whose only handler is made for the channel's session. */
  private static EmbeddedChannel channelWith(java.util.function.Function<ChatSession, ChannelHandler> handler) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(handler.apply(new ChatSession(ch, null, 1 << 20)));
    return ch;
  }

  private static Frame ping(long requestId) {
    return Frame.newBuilder().setRequestId(requestId).setPing(PingRequest.getDefaultInstance()).build();
  }
}
