package dev.parley.server.internal.node;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.internal.CompositeEvents;
import dev.parley.core.service.BlockService;
import dev.parley.core.service.ChatEvents;
import dev.parley.core.service.FriendService;
import dev.parley.core.service.MessagePolicy;
import dev.parley.core.service.GroupService;
import dev.parley.core.service.MessageService;
import dev.parley.core.service.IdentityService;
import dev.parley.core.service.ProfileService;
import dev.parley.core.service.RevisionService;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.parley.netty.internal.NettyTransport;
import dev.parley.server.internal.cache.NodeCaches;
import dev.parley.server.internal.grpc.ChatNodeGrpcService;
import dev.parley.server.internal.grpc.GrpcTls;
import dev.parley.server.internal.transport.ConnectionLimiter;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import dev.parley.server.internal.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running chat node: the event loops, the bound client channel, the internal gRPC server, the
 * node's {@link RequestThreading} (inline, or the blocking-work pool and push lanes) and the upkeep. Made by {@link #start}, ended by {@link #stop}.
 *
 * <p>Thread-safe for reads; start and stop are serialised by {@link dev.parley.server.ChatNode}, its only user.
 */
public final class ChatNodeRuntime {
  private static final Logger log = LoggerFactory.getLogger(ChatNodeRuntime.class);
  // Small enough that one slow reader holds little memory, large enough for a burst of pushes.
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
  // Netty's default read-size guesser (64 B to 64 KiB, first read 2 KiB), one for every connection:
  // left unset, each channel's config makes its own (32 bytes per connection); each channel still
  // gets its own handle. The read buffer itself is taken per read and released once decoded.
  private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator();

  private final ChatNodeConfig config;
  private final NettyTransport transport;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup workers;
  private final RequestThreading threading;
  private final LocalSessions sessions;
  private final NodeMetrics metrics;
  private final PeerNodeClients peers;
  private final NodeCaches caches;
  private final ConnectionLimiter connectionLimiter;
  private final MessagePolicy policy;
  private final HostEventDispatcher hostEvents;
  private OfflinePushes offlinePushes = OfflinePushes.disabled();
  private ChatChannelInitializer clientInitializer;
  private ServerTls clientTls;
  private Channel serverChannel;
  private Channel webSocketChannel;
  private Server grpcServer;
  private NodeMaintenance maintenance;
  private TokenRecheck tokenRecheck;
  private CredentialLogins credentialLogins;
  private ChatNodeInfo info;

  private ChatNodeRuntime(ChatNodeConfig config) {
    this.config = config;
    this.transport = NettyTransport.choose(config.preferNativeTransport());
    String prefix = "parley-" + config.nodeId();
    this.acceptors = transport.newGroup(1, prefix + "-accept");
    this.workers = transport.newGroup(config.ioThreads(), prefix + "-io");
    // The one place the mode is turned into threads: every class below takes this object.
    this.threading = config.requestsOnEventLoop() ? RequestThreading.inline()
        : RequestThreading.offloaded(config.blockingThreads(), config.blockingQueueSize(), prefix);
    NodeMetrics metrics = new NodeMetrics(config.meters(), config.nodeId());
    this.sessions = new LocalSessions(metrics);
    NodeMetrics.connectionsGauge(config.meters(), config.nodeId(), sessions::count);
    NodeMetrics.sessionsByTransportGauges(config.meters(), config.nodeId(), sessions);
    // One limiter for both ports: an address's connections not logged in count together, TCP and WebSocket.
    this.connectionLimiter = new ConnectionLimiter(config.maxUnauthenticatedPerAddress(), Integer.MAX_VALUE,
        refusal -> metrics.connectionRefused());
    this.peers = new PeerNodeClients(config.directory(), config.peerCallTimeout(), config.internalTls(),
        metrics::peerDeliverCall);
    this.metrics = metrics;
    // Subscribed before the node serves anything; every part below uses these, never config's.
    this.caches = new NodeCaches(config.friends(), config.groups(), config.presence(), config.changeFeed(),
        config.friendshipCache(), config.groupMemberCache(), config.presenceCache(), Ticker.systemTicker(),
        config.blocks());
    caches.forEachCache((name, counts) -> NodeMetrics.cacheCounters(config.meters(), config.nodeId(), name, counts));
    HookSettings hooks = config.hooks();
    this.policy = hooks.interceptor() == MessageInterceptor.NONE ? MessagePolicy.NONE
        : new MessagePolicy(hooks.interceptor(), hooks.interceptorSettings(), config.limits().maxTextLength(), prefix,
            NodeMetrics.interceptorObserver(config.meters(), config.nodeId()));
    this.hostEvents = HostEventDispatcher.start(hooks.eventListener(), hooks.eventQueueCapacity(), config.nodeId(),
        config.meters());
  }

  /** Binds, starts the upkeep and the internal gRPC server; on failure releases what it made and rethrows. */
  public static ChatNodeRuntime start(ChatNodeConfig config) {
    ChatNodeRuntime r = new ChatNodeRuntime(config);
    try {
      r.bind();
      return r;
    } catch (RuntimeException e) {
      r.stop();
      throw e;
    }
  }

  private void bind() {
    NodeContext ctx = context();
    SessionLifecycle lifecycle = new SessionLifecycle(ctx);
    RequestDispatcher dispatcher = new RequestDispatcher(ctx, lifecycle, threading, credentialLogins());
    clientTls = config.clientTls() == null ? null : ServerTls.start(config.clientTls(), "chat", config.meters());
    clientInitializer = new ChatChannelInitializer(config.pipeline(), threading, sessions, dispatcher, lifecycle,
        clientTls);
    serverChannel = listen(config.port(), clientInitializer);
    if (config.webSocket() != null) { // wss:// with the client port's TLS when it has TLS
      webSocketChannel = listen(config.webSocket().port(), new WebSocketChannelInitializer(clientInitializer,
          config.webSocket(), clientTls == null ? null : clientTls::newHandler));
    }
    grpcServer = startGrpc();
    info = new ChatNodeInfo(config.nodeId(), config.advertisedHost(), port(), config.advertisedHost(),
        internalPort(), 0, config.clock().instant(), config.clientTls() != null,
        webSocketPort());
    maintenance = new NodeMaintenance(info, config.directory(), caches.exactPresence(), sessions,
        config.loginLock(), config.limits().loginPolicy(), config.clock());
    maintenance.start(config.nodeHeartbeatInterval(), config.presenceRefreshInterval());
    tokenRecheck = new TokenRecheck(config.nodeId(), sessions, config.tokens(), config.clock());
    tokenRecheck.start(config.tokenRecheckInterval());
    log.info("chat node {} listening on {}:{} (internal {}{}{}), transport {}, TLS {}, requests on {}",
        config.nodeId(), config.host(), port(), internalPort(),
        config.internalTls() == null ? "" : " TLS " + config.internalTls().clientAuth(),
        webSocketChannel == null ? "" : ", WebSocket " + webSocketPort() + WebSocketSettings.PATH + " for "
            + config.webSocket().origins(),
        transport.name(), tlsEngine(), threading.describe());
  }

  /** The JWT logins at this node, or null when the deployment does not allow them. */
  private CredentialLogins credentialLogins() {
    CredentialLoginSettings settings = config.credentialLogin();
    if (settings == null) {
      return null;
    }
    IdentityService identity = new IdentityService(config.users(), config.tokens(), config.rateLimiter(),
        config.directory(), config.limits(), settings.authenticator(), settings.provisionUsers());
    credentialLogins = new CredentialLogins(identity, threading.isInline(), "parley-" + config.nodeId());
    return credentialLogins;
  }

  /** Binds a client port: every one shares the event loops, the connection limiter and the child options. */
  private Channel listen(int port, ChannelHandler initializer) {
    ServerBootstrap bootstrap = new ServerBootstrap().group(acceptors, workers)
        .channel(transport.serverChannelClass())
        .handler(connectionLimiter)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
        .childHandler(initializer);
    return bootstrap.bind(config.host(), port).syncUninterruptibly().channel();
  }

  private NodeContext context() {
    offlinePushes = OfflinePushes.start(config.offlinePush(), config.users(), config.messages(), caches.groups(),
        config.limits().groups().maxGroupsPerUser(), config.meters(), config.nodeId());
    EventRouter router = new EventRouter(config.nodeId(), caches.presence(), config.users(), sessions, peers,
        threading, metrics, offlinePushes, caches.blocks());
    // The host's listener hears what the services publish after the router has pushed it.
    ChatEvents events = hostEvents.isOn() ? new CompositeEvents(router, hostEvents) : router;
    return new NodeContext(config.nodeId(), config.limits(),
        new ProfileService(config.users(), caches.friends(), config.rateLimiter(), config.limits()),
        new FriendService(config.users(), caches.friends(), events, config.limits(), config.rateLimiter(),
            config.clock(), caches.blocks()),
        new MessageService(config.users(), caches.friends(), config.messages(), events, config.limits(), config.clock(),
            policy, caches.blocks()),
        new GroupService(config.users(), caches.friends(), caches.groups(), config.messages(), events, config.limits(),
            config.rateLimiter(), config.clock(), policy, caches.blocks()),
        new RevisionService(config.messages(), caches.groups(), events, config.limits(), config.clock(),
            policy::checkedText, config.rateLimiter()),
        caches.friends(), caches.presence(), config.tokens(), config.loginLock(), router, sessions, metrics,
        threading, hostEvents,
        new BlockService(config.users(), caches.blocks(), config.rateLimiter(), config.clock()));
  }

  private Server startGrpc() {
    NettyServerBuilder builder = GrpcTls.secure(
        NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.internalPort())),
        config.internalTls(), "chat node " + config.nodeId() + " internal");
    try {
      return builder
          .addService(new ChatNodeGrpcService(sessions))
          .directExecutor() // the service only hands writes to Netty; it never blocks
          .build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind internal port " + config.host() + ":" + config.internalPort(), e);
    }
  }

  /**
   * The pipeline every client connection gets; the in-process benchmark of the whole send path puts
   * it on {@code EmbeddedChannel}s. Set once bound.
   */
  public ChatChannelInitializer clientInitializer() {
    return clientInitializer;
  }

  /** The bound client port. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The bound WebSocket port; 0 when the node has no WebSocket listener. */
  public int webSocketPort() {
    return webSocketChannel == null ? 0 : ((InetSocketAddress) webSocketChannel.localAddress()).getPort();
  }

  /** The bound internal gRPC port. */
  public int internalPort() {
    return grpcServer.getPort();
  }

  /** What the node registered in the directory. */
  public ChatNodeInfo info() {
    return info;
  }

  /** "EPOLL" or "NIO". */
  public String transportName() {
    return transport.name();
  }

  /** The client port's TLS engine ("OpenSSL (BoringSSL)", "JDK"), or "none" when it is plaintext. */
  public String tlsEngine() {
    return clientTls == null ? "none" : clientTls.engineName();
  }

  /** Open client connections. */
  public int connectionCount() {
    return sessions.count();
  }

  /**
   * Stops in an order that loses nothing: leave the directory (no new assignments), stop accepting,
   * close the sessions, let the event loops finish (their close handlers queue the presence
   * unbinds), let the blocking work drain, then end gRPC.
   */
  public void stop() {
    if (maintenance != null) {
      maintenance.stop();
    }
    if (tokenRecheck != null) {
      tokenRecheck.stop();
    }
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    if (webSocketChannel != null) {
      webSocketChannel.close().syncUninterruptibly();
    }
    sessions.closeAll();
    acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    threading.shutdown(); // queued work (e.g. the unbinds of the sessions just closed) still runs
    policy.close(); // after the requests that may still be checking a text
    hostEvents.close(); // after the unbinds above, whose offline events it still delivers
    if (credentialLogins != null) {
      credentialLogins.shutdown();
    }
    offlinePushes.shutdown(); // after the pushes above, which may still offer some
    if (grpcServer != null) {
      grpcServer.shutdown();
    }
    peers.close();
    caches.close(); // after the unbinds above, which still publish
    if (clientTls != null) {
      clientTls.close();
    }
    awaitGrpc();
    log.info("chat node {} stopped", config.nodeId());
  }

  private void awaitGrpc() {
    if (grpcServer == null) {
      return;
    }
    try {
      if (!grpcServer.awaitTermination(2, TimeUnit.SECONDS)) {
        grpcServer.shutdownNow();
      }
    } catch (InterruptedException e) {
      grpcServer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
