package dev.parley.server.internal.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
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
    try {
      frame = Frame.parseFrom(request.getFrame());
    } catch (InvalidProtocolBufferException e) {
      reply.onError(Status.INVALID_ARGUMENT.withDescription("frame does not parse: " + e.getMessage())
          .asRuntimeException());
      return;
    }
    boolean delivered = sessions.deliver(request.getUserId(), request.getSessionId(), frame);
    reply.onNext(DeliverReply.newBuilder().setDelivered(delivered).build());
    reply.onCompleted();
  }

  @Override
  public void kick(KickRequest request, StreamObserver<KickReply> reply) {
    boolean kicked = sessions.kick(request.getUserId(), request.getSessionId(), request.getReason());
    reply.onNext(KickReply.newBuilder().setKicked(kicked).build());
    reply.onCompleted();
  }
}
