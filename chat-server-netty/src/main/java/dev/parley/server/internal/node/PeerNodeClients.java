package dev.parley.server.internal.node;

import com.google.protobuf.ByteString;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.server.TlsSettings;
import dev.parley.server.internal.grpc.ChatNodeServiceGrpc;
import dev.parley.server.internal.grpc.ChatNodeServiceGrpc.ChatNodeServiceStub;
import dev.parley.server.internal.grpc.DeliverReply;
import dev.parley.server.internal.grpc.DeliverRequest;
import dev.parley.server.internal.grpc.Delivery;
import dev.parley.server.internal.grpc.GrpcTls;
import dev.parley.server.internal.grpc.KickReply;
import dev.parley.server.internal.grpc.KickRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC clients for the other chat nodes: one cached channel per peer node, found through the
 * {@link NodeDirectory} the first time and dropped when a call to it fails (the next call looks
 * the node up again, in case it moved). Calls are asynchronous; a failure is logged and otherwise
 * ignored, because the recipient's mailbox already holds whatever was being pushed. With TLS
 * settings every channel is TLS (one client context, made once): the peer's certificate is checked
 * against the trusted certificates and its advertised internal host, and the settings' certificate
 * is presented to peers that require one (mutual TLS).
 *
 * <p>Thread-safe. {@link #deliver} and {@link #kick} may read the directory on a cache miss, so
 * they run where the node's {@link RequestThreading} puts pushes and requests: off the event loops
 * unless the directory too is {@link dev.parley.core.spi.NonBlocking} (then inline is allowed).
 */
public final class PeerNodeClients implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerNodeClients.class);

  private record Peer(String address, ManagedChannel channel, ChatNodeServiceStub stub) {}

  private final NodeDirectory directory;
  private final Duration callTimeout;
  private final SslContext tls;
  private final Runnable deliverCalls;
  private final ConcurrentMap<String, Peer> peers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** {@code tls} null: plaintext channels. IllegalStateException when the TLS files do not load. */
  public PeerNodeClients(NodeDirectory directory, Duration callTimeout, TlsSettings tls) {
    this(directory, callTimeout, tls, () -> {});
  }

  /** As above; {@code deliverCalls} is run once for every Deliver call made (the node's counter). */
  public PeerNodeClients(NodeDirectory directory, Duration callTimeout, TlsSettings tls, Runnable deliverCalls) {
    this.directory = directory;
    this.callTimeout = callTimeout;
    this.tls = tls == null ? null : GrpcTls.clientContext(tls, "chat nodes");
    this.deliverCalls = deliverCalls;
  }

  /**
   * Asks node {@code nodeId} to push {@code frame} to every session in {@code targets} (all bound
   * on that node), in one call: one {@code Delivery} per user with that user's session ids. For one
   * user the frame rides in its delivery (the form every node version reads); for several (a group
   * message to the members on that node) its bytes are sent once, in {@code shared_frame}, and the
   * deliveries carry none.
   */
  public void deliver(String nodeId, List<PresenceBinding> targets, Frame frame) {
    deliver(nodeId, targets, frame, null);
  }

  /**
   * As {@link #deliver(String, List, Frame)}, and tells {@code outcome} (when not null) how it went,
   * exactly once: with the node's reply, or with null when the node is not reachable or the call
   * failed (then none of {@code targets} counts as reached). It runs on a gRPC thread, or at once on
   * the calling thread when there is no peer to call: it must be quick and never block.
   */
  public void deliver(String nodeId, List<PresenceBinding> targets, Frame frame, Consumer<DeliverReply> outcome) {
    if (targets.isEmpty()) {
      if (outcome != null) {
        outcome.accept(DeliverReply.getDefaultInstance());
      }
      return;
    }
    Map<Long, Delivery.Builder> byUser = new LinkedHashMap<>();
    for (PresenceBinding b : targets) {
      byUser.computeIfAbsent(b.userId(), id -> Delivery.newBuilder().setUserId(id)).addSessionIds(b.sessionId());
    }
    ByteString bytes = frame.toByteString();
    DeliverRequest.Builder request = DeliverRequest.newBuilder();
    if (byUser.size() == 1) {
      request.addDeliveries(byUser.values().iterator().next().setFrame(bytes));
    } else {
      request.setSharedFrame(bytes);
      byUser.values().forEach(request::addDeliveries);
    }
    DeliverRequest built = request.build();
    Optional<Peer> peer;
    try {
      peer = peer(nodeId);
    } catch (RuntimeException e) { // the directory failed: the outcome is still told, once
      if (outcome != null) {
        outcome.accept(null);
      }
      throw e;
    }
    if (peer.isEmpty()) {
      if (outcome != null) {
        outcome.accept(null);
      }
      return;
    }
    deliverCalls.run();
    peer.get().stub().withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .deliver(built, new LoggingObserver<DeliverReply>(nodeId, "Deliver", peer.get(), outcome));
  }

  /** Asks the node named by {@code binding} to kick that session. */
  public void kick(PresenceBinding binding, KickReason code, String reason) {
    KickRequest request = KickRequest.newBuilder().setUserId(binding.userId())
        .setSessionId(binding.sessionId()).setReason(reason).setReasonCode(code.wireValue()).build();
    peer(binding.nodeId()).ifPresent(p -> p.stub().withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .kick(request, new LoggingObserver<KickReply>(binding.nodeId(), "Kick", p, null)));
  }

  private Optional<Peer> peer(String nodeId) {
    if (closed) {
      return Optional.empty();
    }
    Peer cached = peers.get(nodeId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ChatNodeInfo> info = directory.find(nodeId);
    if (info.isEmpty() || info.get().internalPort() == 0) {
      log.debug("node {} is not reachable over gRPC ({}); skipping", nodeId, info);
      return Optional.empty();
    }
    Peer fresh = open(info.get());
    Peer raced = peers.putIfAbsent(nodeId, fresh);
    if (raced != null) {
      fresh.channel().shutdown();
      return Optional.of(raced);
    }
    return Optional.of(fresh);
  }

  private Peer open(ChatNodeInfo info) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(info.internalHost(), info.internalPort());
    ManagedChannel channel = (tls == null ? builder.usePlaintext() : builder.sslContext(tls)).build();
    return new Peer(info.internalHost() + ":" + info.internalPort(), channel, ChatNodeServiceGrpc.newStub(channel));
  }

  private void forget(String nodeId, Peer peer) {
    if (peers.remove(nodeId, peer)) {
      peer.channel().shutdown();
    }
  }

  /** Shuts every cached channel down. */
  @Override
  public void close() {
    closed = true;
    for (Peer p : peers.values()) {
      p.channel().shutdown();
    }
    for (Peer p : peers.values()) {
      try {
        p.channel().awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    peers.clear();
  }

  private final class LoggingObserver<T> implements StreamObserver<T> {
    private final String nodeId;
    private final String call;
    private final Peer peer;
    private final Consumer<T> outcome;

    LoggingObserver(String nodeId, String call, Peer peer, Consumer<T> outcome) {
      this.nodeId = nodeId;
      this.call = call;
      this.peer = peer;
      this.outcome = outcome;
    }

    @Override
    public void onNext(T reply) {
      if (outcome != null) {
        outcome.accept(reply);
      }
    }

    @Override
    public void onError(Throwable t) {
      log.warn("{} to node {} at {} failed: {}", call, nodeId, peer.address(), t.toString());
      forget(nodeId, peer);
      if (outcome != null) {
        outcome.accept(null);
      }
    }

    @Override
    public void onCompleted() {}
  }
}
