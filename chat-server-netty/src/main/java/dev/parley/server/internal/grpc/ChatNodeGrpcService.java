package dev.parley.server.internal.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.core.model.KickReason;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * The node-to-node service a chat node serves on its internal port: other nodes push frames to
 * and kick sessions of this node's users. Never blocks (it only hands writes to Netty), so the
 * server may run it on its transport threads.
 *
 * <p>Thread-safe.
 */
public final class ChatNodeGrpcService extends ChatNodeServiceGrpc.ChatNodeServiceImplBase {
  private final LocalDelivery sessions;

  public ChatNodeGrpcService(LocalDelivery sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  @Override
  public void deliver(DeliverRequest request, StreamObserver<DeliverReply> reply) {
    Frame frame;
    Frame shared;
    try {
      frame = request.getFrame().isEmpty() ? null : Frame.parseFrom(request.getFrame());
      shared = request.getSharedFrame().isEmpty() ? null : Frame.parseFrom(request.getSharedFrame());
    } catch (InvalidProtocolBufferException e) {
      reply.onError(invalid(e));
      return;
    }
    DeliverReply.Builder answer = DeliverReply.newBuilder();
    if (frame != null && !request.getSessionId().isEmpty()) { // a sender that predates deliveries
      deliverOne(request.getUserId(), request.getSessionId(), frame, answer, new boolean[1]);
    }
    for (Delivery d : request.getDeliveriesList()) {
      Frame own;
      try {
        own = d.getFrame().isEmpty() ? shared
            : d.getFrame().equals(request.getFrame()) ? frame : Frame.parseFrom(d.getFrame());
      } catch (InvalidProtocolBufferException e) {
        reply.onError(invalid(e));
        return;
      }
      if (own == null) {
        reply.onError(Status.INVALID_ARGUMENT.withDescription("delivery to user " + d.getUserId()
            + " has no frame and the request no shared_frame").asRuntimeException());
        return;
      }
      boolean[] reached = new boolean[1];
      for (String sessionId : d.getSessionIdsList()) {
        deliverOne(d.getUserId(), sessionId, own, answer, reached);
      }
    }
    reply.onNext(answer.setDelivered(answer.getDeliveredSessions() > 0).build());
    reply.onCompleted();
  }

  /**
   * Writes {@code frame} to one session and counts it in {@code answer}: delivered, unmuted, and
   * the user among the reached ones once ({@code reached[0]} remembers it for this delivery).
   */
  private void deliverOne(long userId, String sessionId, Frame frame, DeliverReply.Builder answer, boolean[] reached) {
    if (!sessions.deliver(userId, sessionId, frame)) {
      return;
    }
    answer.setDeliveredSessions(answer.getDeliveredSessions() + 1);
    if (!sessions.isMuted(userId, sessionId)) {
      answer.setUnmutedSessions(answer.getUnmutedSessions() + 1);
      if (!reached[0]) {
        reached[0] = true;
        answer.addReachedUserIds(userId);
      }
    }
  }

  private static RuntimeException invalid(InvalidProtocolBufferException e) {
    return Status.INVALID_ARGUMENT.withDescription("frame does not parse: " + e.getMessage()).asRuntimeException();
  }

  @Override
  public void kick(KickRequest request, StreamObserver<KickReply> reply) {
    KickReason reason = KickReason.fromWireValue(request.getReasonCode());
    boolean kicked = sessions.kick(request.getUserId(), request.getSessionId(), reason, request.getReason());
    reply.onNext(KickReply.newBuilder().setKicked(kicked).build());
    reply.onCompleted();
  }
}
