package dev.parley.server.internal.grpc;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status service: every call delegates to a {@link NodeDirectory} or {@link PresenceRegistry}
 * (in-memory in one JVM, Redis in a cluster), so assignment and presence semantics are the SPIs'.
 * Thread-safe when the SPIs are; calls run on the server's bounded executor, never an event loop.
 */
public final class StatusGrpcService extends StatusServiceGrpc.StatusServiceImplBase {
  private final NodeDirectory nodes;
  private final PresenceRegistry presence;

  /** Serves {@code nodes} and {@code presence}; neither is closed by this service. */
  public StatusGrpcService(NodeDirectory nodes, PresenceRegistry presence) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.presence = Objects.requireNonNull(presence, "presence");
  }

  @Override
  public void registerNode(RegisterNodeRequest request, StreamObserver<RegisterNodeResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      if (!request.hasNode()) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "node is required");
      }
      nodes.register(StatusMessages.toNode(request.getNode()));
      return RegisterNodeResponse.getDefaultInstance();
    });
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
    GrpcCalls.serve(observer, () -> HeartbeatResponse.newBuilder()
        .setKnown(nodes.heartbeat(request.getNodeId(), load(request.getLoad()))).build());
  }

  @Override
  public void deregisterNode(DeregisterNodeRequest request, StreamObserver<DeregisterNodeResponse> observer) {
    GrpcCalls.serve(observer, () -> DeregisterNodeResponse.newBuilder()
        .setKnown(nodes.deregister(request.getNodeId())).build());
  }

  @Override
  public void findNode(FindNodeRequest request, StreamObserver<FindNodeResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      Optional<ChatNodeInfo> node = nodes.find(request.getNodeId());
      FindNodeResponse.Builder out = FindNodeResponse.newBuilder().setFound(node.isPresent());
      node.ifPresent(n -> out.setNode(StatusMessages.toEntry(n)));
      return out.build();
    });
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      ListNodesResponse.Builder out = ListNodesResponse.newBuilder();
      nodes.liveNodes().forEach(n -> out.addNodes(StatusMessages.toEntry(n)));
      return out.build();
    });
  }

  @Override
  public void assignNode(AssignNodeRequest request, StreamObserver<AssignNodeResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      Optional<ChatNodeInfo> node = nodes.assign();
      AssignNodeResponse.Builder out = AssignNodeResponse.newBuilder().setFound(node.isPresent());
      node.ifPresent(n -> out.setNode(StatusMessages.toEntry(n)));
      return out.build();
    });
  }

  @Override
  public void bindPresence(BindPresenceRequest request, StreamObserver<BindPresenceResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      Validation.id("userId", request.getUserId());
      String device = request.getDeviceId().isEmpty() ? request.getSessionId() : request.getDeviceId();
      BindResult result = presence.bind(new PresenceBinding(request.getUserId(), request.getNodeId(),
          request.getSessionId(), device, Platform.fromWireValue(request.getPlatform()), Instant.EPOCH),
          StatusMessages.policy(request.getPolicyMode(), request.getPolicyMaxSessions()));
      BindPresenceResponse.Builder out = BindPresenceResponse.newBuilder()
          .setWasOnline(result.wasOnline()).setReplaced(!result.evicted().isEmpty());
      if (!result.evicted().isEmpty()) {
        out.setPrevious(StatusMessages.toEntry(result.evicted().get(0).binding()));
      }
      for (Eviction e : result.evicted()) {
        out.addEvicted(dev.parley.server.internal.grpc.Eviction.newBuilder()
            .setBinding(StatusMessages.toEntry(e.binding())).setReason(e.reason().wireValue()));
      }
      return out.build();
    });
  }

  @Override
  public void unbindPresence(UnbindPresenceRequest request, StreamObserver<UnbindPresenceResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      UnbindResult result = presence.unbind(Validation.id("userId", request.getUserId()), request.getSessionId());
      return UnbindPresenceResponse.newBuilder().setRemoved(result.removed())
          .setStillOnline(result == UnbindResult.STILL_ONLINE).build();
    });
  }

  @Override
  public void lookupPresence(LookupPresenceRequest request, StreamObserver<LookupPresenceResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      Map<Long, List<PresenceBinding>> found = presence.lookupAll(request.getUserIdsList());
      LookupPresenceResponse.Builder out = LookupPresenceResponse.newBuilder();
      found.values().forEach(list -> list.forEach(b -> out.addBindings(StatusMessages.toEntry(b))));
      return out.build();
    });
  }

  @Override
  public void refreshPresence(RefreshPresenceRequest request, StreamObserver<RefreshPresenceResponse> observer) {
    GrpcCalls.serve(observer, () -> {
      List<SessionRef> refs = new ArrayList<>(request.getSessionsCount() + request.getSessionsByUserCount());
      request.getSessionsByUserMap().forEach((user, session) -> refs.add(new SessionRef(user, session)));
      request.getSessionsList().forEach(r -> refs.add(new SessionRef(r.getUserId(), r.getSessionId())));
      return RefreshPresenceResponse.newBuilder().setRefreshed(presence.refresh(refs)).build();
    });
  }

  private static int load(int wireLoad) {
    // uint32 arrives as a Java int; values above Integer.MAX_VALUE come out negative.
    if (wireLoad < 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "load out of range: " + Integer.toUnsignedString(wireLoad));
    }
    return wireLoad;
  }
}
