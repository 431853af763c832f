package dev.parley.server.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.core.model.KickReason;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node-to-node Deliver, every form it serves: the single (user, session, frame) of the oldest
 * senders, deliveries each with its own frame, and deliveries sharing the request's
 * {@code shared_frame} (a group message's bytes once per node); a frame that does not parse, or a
 * delivery with no frame at all, is INVALID_ARGUMENT.
 */
class ChatNodeGrpcServiceTest {
  private record Pushed(long userId, String sessionId, Frame frame) {}

  private final List<Pushed> pushed = new ArrayList<>();
  private final ChatNodeGrpcService service = new ChatNodeGrpcService(new LocalDelivery() {
    @Override
    public boolean deliver(long userId, String sessionId, Frame frame) {
      pushed.add(new Pushed(userId, sessionId, frame));
      return !sessionId.startsWith("gone");
    }

    @Override
    public boolean isMuted(long userId, String sessionId) {
      return sessionId.startsWith("muted");
    }

    @Override
    public boolean kick(long userId, String sessionId, KickReason code, String reason) {
      return false;
    }
  });

  private static Frame groupMessage(long seq) {
    return Frame.newBuilder().setGroupMessageEvent(ChatProtocol.GroupMessageEvent.newBuilder()
        .setMessage(ChatProtocol.GroupMessage.newBuilder().setGroupId(7).setSeq(seq).setText("hi"))).build();
  }

  private static final class Reply implements StreamObserver<DeliverReply> {
    DeliverReply reply;
    Throwable error;

    @Override
    public void onNext(DeliverReply value) {
      reply = value;
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }

  private Reply deliver(DeliverRequest request) {
    Reply r = new Reply();
    service.deliver(request, r);
    return r;
  }

  @Test
  void theReplyNamesTheUsersReachedOnAnUnmutedSession() {
    Frame frame = groupMessage(4);
    Reply r = deliver(DeliverRequest.newBuilder().setSharedFrame(frame.toByteString())
        .addDeliveries(Delivery.newBuilder().setUserId(1).addSessionIds("muted-s1").addSessionIds("s2"))
        .addDeliveries(Delivery.newBuilder().setUserId(2).addSessionIds("muted-s3"))
        .addDeliveries(Delivery.newBuilder().setUserId(3).addSessionIds("gone-s4"))
        .addDeliveries(Delivery.newBuilder().setUserId(4).addSessionIds("s5").addSessionIds("s6")).build());

    assertThat(r.error).isNull();
    assertThat(r.reply.getDeliveredSessions()).isEqualTo(5);
    assertThat(r.reply.getUnmutedSessions()).isEqualTo(3);
    assertThat(r.reply.getReachedUserIdsList()).as("each once; not the muted-only nor the gone")
        .containsExactly(1L, 4L);
  }

  @Test
  void aSharedFrameReachesEverySessionOfEveryDeliveryWithoutAFrameOfItsOwn() {
    Frame frame = groupMessage(3);
    Reply r = deliver(DeliverRequest.newBuilder().setSharedFrame(frame.toByteString())
        .addDeliveries(Delivery.newBuilder().setUserId(1).addSessionIds("s1").addSessionIds("s2"))
        .addDeliveries(Delivery.newBuilder().setUserId(2).addSessionIds("gone-s3"))
        .addDeliveries(Delivery.newBuilder().setUserId(3).addSessionIds("s4")).build());

    assertThat(r.error).isNull();
    assertThat(pushed).extracting(Pushed::userId, Pushed::sessionId).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1L, "s1"), org.assertj.core.groups.Tuple.tuple(1L, "s2"),
        org.assertj.core.groups.Tuple.tuple(2L, "gone-s3"), org.assertj.core.groups.Tuple.tuple(3L, "s4"));
    assertThat(pushed).extracting(Pushed::frame).containsOnly(frame);
    assertThat(r.reply.getDeliveredSessions()).as("the session no longer here is not counted").isEqualTo(3);
  }

  @Test
  void theOlderFormsAreStillServed() {
    Frame a = groupMessage(1);
    Frame b = groupMessage(2);
    Reply single = deliver(DeliverRequest.newBuilder().setUserId(5).setSessionId("old").setFrame(a.toByteString())
        .build());
    Reply own = deliver(DeliverRequest.newBuilder()
        .addDeliveries(Delivery.newBuilder().setUserId(6).addSessionIds("d1").setFrame(b.toByteString()))
        .build());

    assertThat(single.reply.getDeliveredSessions()).isEqualTo(1);
    assertThat(own.reply.getDeliveredSessions()).isEqualTo(1);
    assertThat(pushed).extracting(Pushed::sessionId, Pushed::frame).containsExactly(
        org.assertj.core.groups.Tuple.tuple("old", a), org.assertj.core.groups.Tuple.tuple("d1", b));
  }

  @Test
  void aDeliveryWithNoFrameAndNoSharedFrameOrBytesThatDoNotParseAreRefused() {
    Reply none = deliver(DeliverRequest.newBuilder()
        .addDeliveries(Delivery.newBuilder().setUserId(6).addSessionIds("d1")).build());
    Reply garbage = deliver(DeliverRequest.newBuilder().setSharedFrame(ByteString.copyFrom(new byte[] {(byte) 0xff}))
        .addDeliveries(Delivery.newBuilder().setUserId(6).addSessionIds("d1")).build());

    assertThat(Status.fromThrowable(none.error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.fromThrowable(garbage.error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(pushed).isEmpty();
  }
}
