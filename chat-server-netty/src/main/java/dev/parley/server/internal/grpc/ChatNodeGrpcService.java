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
    int delivered = 0;
    if (frame != null && !request.getSessionId().isEmpty()) { // a sender that predates deliveries
      delivered += sessions.deliver(request.getUserId(), request.getSessionId(), frame) ? 1 : 0;
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
      for (String sessionId : d.getSessionIdsList()) {
        delivered += sessions.deliver(d.getUserId(), sessionId, own) ? 1 : 0;
      }
    }
    reply.onNext(DeliverReply.newBuilder().setDelivered(delivered > 0).setDeliveredSessions(delivered).build());
    reply.onCompleted();
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
