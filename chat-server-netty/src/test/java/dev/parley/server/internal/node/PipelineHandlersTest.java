package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.model.SessionToken;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import dev.parley.netty.internal.BadFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The chat pipeline's connection handler and its event loop's idle/login sweep, each connection on
 * an {@link EmbeddedChannel} (no sockets, no threads; time moves only when the test says): what is
 * handed to the node, what is answered, what closes and when.
 */
class PipelineHandlersTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final Duration IDLE = Duration.ofSeconds(30);
  private static final Duration LOGIN = Duration.ofSeconds(10);

  private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
  private final List<Frame> dispatched = new ArrayList<>();
  private final List<ChatSession> closed = new ArrayList<>();
  private final LocalSessions sessions = new LocalSessions(new NodeMetrics(new SimpleMeterRegistry(), "n1"));
  private final ConnectionSweeps sweeps = new ConnectionSweeps(IDLE, LOGIN);

  @Test
  void aBadFrameIsAnsweredWithItsErrorAndTheConnectionCloses() {
    EmbeddedChannel ch = connection(100);

    ch.writeInbound(new BadFrame(ErrorCode.FRAME_TOO_LARGE, "frame of 101 bytes exceeds the limit of 100 bytes"));

    Frame answer = ch.readOutbound();
    assertThat(answer.getRequestId()).isZero();
    assertThat(answer.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.FRAME_TOO_LARGE);
    assertThat(answer.getError().getMessage()).contains("101").contains("100");
    assertThat(ch.isOpen()).isFalse();
    assertThat(dispatched).isEmpty();
  }

  @Test
  void frameBytesAreParsedReleasedAndHandedToTheNodeAndGarbageIsAMalformedFrame() {
    EmbeddedChannel ch = connection(100);
    ByteBuf bytes = Unpooled.wrappedBuffer(ping(7).toByteArray());

    ch.writeInbound(bytes);

    assertThat(bytes.refCnt()).isZero();
    assertThat(dispatched).extracting(Frame::getRequestId).containsExactly(7L);
    assertThat(ch.<Object>readOutbound()).isNull();

    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
    Frame answer = ch.readOutbound();
    assertThat(answer.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.MALFORMED_FRAME);
    assertThat(ch.isOpen()).isFalse();
    assertThat(dispatched).hasSize(1);
  }

  @Test
  void requestsOverTheRateAreRefusedWithARetryAfterAndPassAgainOnceTheBucketRefills() {
    EmbeddedChannel ch = connection(2);

    ch.writeInbound(ping(1), ping(2), ping(3));

    assertThat(dispatched).extracting(Frame::getRequestId).as("the third is not handed on").containsExactly(1L, 2L);
    Frame refusal = ch.readOutbound();
    assertThat(refusal.getRequestId()).isEqualTo(3);
    assertThat(refusal.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.RATE_LIMITED);
    assertThat(refusal.getError().getRetryAfterMs()).isBetween(1, 1000);

    nanos.addAndGet(SECOND);
    ch.writeInbound(ping(4));
    assertThat(dispatched).extracting(Frame::getRequestId).containsExactly(1L, 2L, 4L);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void aClientThatKeepsGoingPastTenTimesTheRateIsDisconnected() {
    EmbeddedChannel ch = connection(2);
    int allowed = 2;
    int refusedBeforeClose = 2 * ConnectionPolicy.ABUSE_FACTOR;

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
  void aSilentConnectionIsClosedByTheSweepOnceTheIdleTimeoutHasPassedAndNotBefore() {
    EmbeddedChannel ch = connection(100);
    loginAs(ch, 42);

    advance(ch, IDLE.toNanos() - sweeps.periodNanos());
    assertThat(ch.isOpen()).isTrue();
    advance(ch, 2 * sweeps.periodNanos());
    assertThat(ch.isOpen()).isFalse();
    assertThat(closed).hasSize(1);
    assertThat(sessions.count()).isZero();
  }

  @Test
  void aConnectionThatKeepsSendingOutlivesTheIdleTimeoutManyTimesOver() {
    EmbeddedChannel ch = connection(100);
    loginAs(ch, 42);

    for (int i = 0; i < 10; i++) {
      advance(ch, IDLE.toNanos() / 2);
      ch.writeInbound(ping(i)); // a heartbeat: any read resets the idle time
      ch.readOutbound();
    }
    assertThat(ch.isOpen()).isTrue();
    advance(ch, IDLE.toNanos() + sweeps.periodNanos());
    assertThat(ch.isOpen()).as("silent from the last heartbeat on").isFalse();
  }

  @Test
  void aConnectionThatHasNotLoggedInWhenTheLoginTimeoutEndsIsClosed() {
    EmbeddedChannel ch = connection(100);

    advance(ch, LOGIN.toNanos() - sweeps.periodNanos());
    ch.writeInbound(ping(1)); // reading does not extend the login timeout
    assertThat(ch.isOpen()).isTrue();
    advance(ch, 2 * sweeps.periodNanos());
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aSessionThatLoggedInInTimeKeepsItsConnection() {
    EmbeddedChannel ch = connection(100);

    loginAs(ch, 42);
    advance(ch, LOGIN.toNanos() + 2 * sweeps.periodNanos());
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void theSweepStopsWithTheLastConnectionOfItsLoopAndNothingIsLeftScheduled() {
    EmbeddedChannel ch = connection(100);
    loginAs(ch, 42);
    advance(ch, sweeps.periodNanos());

    ch.close();

    assertThat(closed).hasSize(1);
    assertThat(ch.runScheduledPendingTasks()).as("no task pending").isEqualTo(-1);
  }

  @Test
  void anUnexpectedErrorClosesThatConnectionAndTheSessionIsCleanedUp() {
    EmbeddedChannel ch = connection(100);
    assertThat(sessions.count()).isEqualTo(1);

    ch.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));

    assertThat(ch.isOpen()).isFalse();
    assertThat(closed).hasSize(1);
    assertThat(sessions.count()).isZero();
  }

  /** A connection handler on its own channel, with {@code perSecond} requests a second allowed. */
  private EmbeddedChannel connection(int perSecond) {
    EmbeddedChannel ch = new EmbeddedChannel(false, false);
    ChatSession session = new ChatSession(ch, null, 1 << 20);
    ConnectionPolicy policy = new ConnectionPolicy(sessions, (s, f) -> dispatched.add(f), closed::add,
        new TokenBucket(perSecond), perSecond * ConnectionPolicy.ABUSE_FACTOR, Duration.ofSeconds(5), sweeps,
        nanos::get);
    ch.pipeline().addLast(new ChatConnectionHandler(session, policy));
    try {
      ch.register();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ch.freezeTime(); // from here on time moves only by advance()
    return ch;
  }

  private void loginAs(EmbeddedChannel ch, long userId) {
    ChatSession session = sessions.all().stream().filter(s -> s.channel() == ch).findFirst().orElseThrow();
    session.loginAs(new SessionToken("token-of-" + userId, userId, Instant.now().plusSeconds(3600)),
        new DeviceInfo("session:" + session.sessionId(), Platform.OTHER, ""));
  }

  private static void advance(EmbeddedChannel ch, long nanos) {
    ch.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();
  }

  private static Frame ping(long requestId) {
    return Frame.newBuilder().setRequestId(requestId).setPing(PingRequest.getDefaultInstance()).build();
  }
}
