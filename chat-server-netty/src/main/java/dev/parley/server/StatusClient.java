package dev.parley.server;

import dev.parley.core.ChatException;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.BindResult;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.server.internal.grpc.AssignNodeRequest;
import dev.parley.server.internal.grpc.AssignNodeResponse;
import dev.parley.server.internal.grpc.BindPresenceRequest;
import dev.parley.server.internal.grpc.BindPresenceResponse;
import dev.parley.server.internal.grpc.DeregisterNodeRequest;
import dev.parley.server.internal.grpc.FindNodeRequest;
import dev.parley.server.internal.grpc.FindNodeResponse;
import dev.parley.server.internal.grpc.GrpcCalls;
import dev.parley.server.internal.grpc.GrpcTarget;
import dev.parley.server.internal.grpc.HeartbeatRequest;
import dev.parley.server.internal.grpc.ListNodesRequest;
import dev.parley.server.internal.grpc.LookupPresenceRequest;
import dev.parley.server.internal.grpc.RefreshPresenceRequest;
import dev.parley.server.internal.grpc.RegisterNodeRequest;
import dev.parley.server.internal.grpc.StatusMessages;
import dev.parley.server.internal.grpc.StatusServiceGrpc;
import dev.parley.server.internal.grpc.UnbindPresenceRequest;
import dev.parley.server.internal.grpc.UnbindPresenceResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The status role as seen from a gate or a chat node in a cluster: a {@link NodeDirectory} and a
 * {@link PresenceRegistry} whose every call goes over gRPC to a {@link StatusServer}. Code that
 * uses the SPIs does not know whether status is in-process or remote.
 *
 * <p>Every call has a deadline ({@link Builder#deadline}, default 3 s). Failures surface as
 * {@link ChatException}: the server's own error code when it answered, {@code UNAVAILABLE} when it
 * could not be reached in time.
 *
 * <p>Thread-safe; share one instance. {@link #close()} shuts down the channel it made from an
 * address, and leaves a channel passed with {@link Builder#channel} to its owner.
 */
public final class StatusClient implements NodeDirectory, PresenceRegistry, AutoCloseable {
  private final GrpcTarget target;
  private final StatusServiceGrpc.StatusServiceBlockingStub stub;

  private StatusClient(GrpcTarget target) {
    this.target = target;
    this.stub = StatusServiceGrpc.newBlockingStub(target.channel());
  }

  /** A builder; set exactly one of an address and a channel. */
  public static Builder builder() {
    return new Builder();
  }

  /** A client with its own plaintext channel to {@code host:port} and the default deadline. */
  public static StatusClient forAddress(String host, int port) {
    return builder().address(host, port).build();
  }

  @Override
  public void register(ChatNodeInfo node) {
    RegisterNodeRequest request = RegisterNodeRequest.newBuilder().setNode(StatusMessages.toEntry(node)).build();
    call(s -> s.registerNode(request));
  }

  @Override
  public boolean heartbeat(String nodeId, int load) {
    HeartbeatRequest request = HeartbeatRequest.newBuilder().setNodeId(nodeId).setLoad(load).build();
    return call(s -> s.heartbeat(request)).getKnown();
  }

  @Override
  public boolean deregister(String nodeId) {
    return call(s -> s.deregisterNode(DeregisterNodeRequest.newBuilder().setNodeId(nodeId).build())).getKnown();
  }

  @Override
  public Optional<ChatNodeInfo> find(String nodeId) {
    FindNodeResponse response = call(s -> s.findNode(FindNodeRequest.newBuilder().setNodeId(nodeId).build()));
    return response.getFound() ? Optional.of(StatusMessages.toNode(response.getNode())) : Optional.empty();
  }

  @Override
  public List<ChatNodeInfo> liveNodes() {
    return call(s -> s.listNodes(ListNodesRequest.getDefaultInstance())).getNodesList().stream()
        .map(StatusMessages::toNode).toList();
  }

  @Override
  public Optional<ChatNodeInfo> assign() {
    AssignNodeResponse response = call(s -> s.assignNode(AssignNodeRequest.getDefaultInstance()));
    return response.getFound() ? Optional.of(StatusMessages.toNode(response.getNode())) : Optional.empty();
  }

  @Override
  public BindResult bind(PresenceBinding session, LoginPolicy policy) {
    BindPresenceRequest request = BindPresenceRequest.newBuilder()
        .setUserId(session.userId()).setNodeId(session.nodeId()).setSessionId(session.sessionId())
        .setDeviceId(session.deviceId()).setPlatform(session.platform().wireValue())
        .setPolicyMode(policy.mode().ordinal() + 1).setPolicyMaxSessions(policy.maxSessions()).build();
    BindPresenceResponse response = call(s -> s.bindPresence(request));
    List<Eviction> evicted = new ArrayList<>();
    for (dev.parley.server.internal.grpc.Eviction e : response.getEvictedList()) {
      evicted.add(new Eviction(StatusMessages.toBinding(e.getBinding()), KickReason.fromWireValue(e.getReason())));
    }
    return new BindResult(response.getWasOnline(), evicted);
  }

  @Override
  public UnbindResult unbind(long userId, String sessionId) {
    UnbindPresenceRequest request = UnbindPresenceRequest.newBuilder().setUserId(userId).setSessionId(sessionId).build();
    UnbindPresenceResponse response = call(s -> s.unbindPresence(request));
    if (!response.getRemoved()) {
      return UnbindResult.NOT_BOUND;
    }
    return response.getStillOnline() ? UnbindResult.STILL_ONLINE : UnbindResult.WENT_OFFLINE;
  }

  @Override
  public List<PresenceBinding> sessions(long userId) {
    return lookupAll(List.of(userId)).getOrDefault(userId, List.of());
  }

  /** One round trip for the whole batch. */
  @Override
  public Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
    if (userIds.isEmpty()) {
      return Map.of();
    }
    LookupPresenceRequest request = LookupPresenceRequest.newBuilder().addAllUserIds(userIds).build();
    Map<Long, List<PresenceBinding>> out = new HashMap<>();
    for (var entry : call(s -> s.lookupPresence(request)).getBindingsList()) {
      PresenceBinding b = StatusMessages.toBinding(entry);
      out.computeIfAbsent(b.userId(), id -> new ArrayList<>()).add(b);
    }
    return out;
  }

  /** One round trip for the whole batch. */
  @Override
  public int refresh(Collection<SessionRef> sessions) {
    if (sessions.isEmpty()) {
      return 0;
    }
    RefreshPresenceRequest.Builder request = RefreshPresenceRequest.newBuilder();
    for (SessionRef r : sessions) {
      request.addSessions(dev.parley.server.internal.grpc.SessionRef.newBuilder()
          .setUserId(r.userId()).setSessionId(r.sessionId()));
    }
    RefreshPresenceRequest built = request.build();
    return call(s -> s.refreshPresence(built)).getRefreshed();
  }

  /** Closes the channel if this client made it. */
  @Override
  public void close() {
    target.close();
  }

  private <T> T call(Function<StatusServiceGrpc.StatusServiceBlockingStub, T> rpc) {
    return GrpcCalls.call(target.peer(), () -> rpc.apply(target.withDeadline(stub)));
  }

  /** Builds a {@link StatusClient} from an address or a channel. Not thread-safe. */
  public static final class Builder extends GrpcClientBuilder<Builder> {
    private Builder() {
      super(Duration.ofSeconds(3));
    }

    @Override
    Builder self() {
      return this;
    }

    /** The client; IllegalStateException unless exactly one of address and channel is set. */
    public StatusClient build() {
      return new StatusClient(target("status"));
    }
  }
}
