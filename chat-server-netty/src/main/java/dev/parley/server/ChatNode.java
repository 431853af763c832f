package dev.parley.server;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.FriendService;
import dev.parley.core.service.MessageService;
import dev.parley.core.service.ProfileService;
import dev.parley.server.internal.node.ChatNodeConfig;
import dev.parley.server.internal.node.ChatNodeRuntime;
import dev.parley.server.internal.node.NodeWarmUp;
import java.time.Duration;

/**
 * A chat node: the TCP server clients keep their sessions on (DESIGN section 4), plus the internal
 * gRPC port other nodes push and kick through. Built with {@link #builder()} from SPI instances;
 * it makes its own {@link FriendService}, {@link MessageService} and {@link ProfileService} whose
 * events it routes to online users, here or on other nodes.
 *
 * <pre>{@code
 * ChatNode node = ChatNode.builder().nodeId("chat-1").port(9000)
 *     .userStore(users).friendStore(friends).messageStore(messages).presenceRegistry(presence)
 *     .tokenStore(tokens).nodeDirectory(directory).loginLock(lock).build().start();
 * ...
 * node.stop();
 * }</pre>
 *
 * <p>The client port speaks TLS when the builder was given {@link ChatNodeBuilder#tls} (see
 * {@link #tls()} and {@link #tlsEngine()}), plaintext otherwise.
 *
 * <p>Thread-safe. Configuration is fixed at {@code build()}; {@link #start()} and {@link #stop()}
 * may be called once each, and the ports are readable after start.
 */
public final class ChatNode {
  private final ChatNodeConfig config;
  private final Duration warmUp;
  private volatile ChatNodeRuntime runtime;
  private boolean started;

  ChatNode(ChatNodeConfig config, Duration warmUp) {
    this.config = config;
    this.warmUp = warmUp;
  }

  /** A builder with the defaults: 127.0.0.1, ephemeral ports, {@link ChatLimits#defaults()}. */
  public static ChatNodeBuilder builder() {
    return new ChatNodeBuilder();
  }

  /**
   * Binds the client and internal ports, registers with the node directory and starts the
   * heartbeat and presence refresh; first, when the builder set a warm-up, runs it (blocking).
   *
   * @throws IllegalStateException when already started
   * @throws java.io.UncheckedIOException when a port cannot be bound
   */
  public synchronized ChatNode start() {
    if (started) {
      throw new IllegalStateException("node " + config.nodeId() + " was already started");
    }
    started = true;
    if (!warmUp.isZero()) {
      NodeWarmUp.run(warmUp, config.nodeId(), config.ioThreads(), config.preferNativeTransport());
    }
    runtime = ChatNodeRuntime.start(config);
    return this;
  }

  /**
   * Closes every session (their users' presence is unbound), deregisters from the directory and
   * shuts the executors, gRPC and event loops down. Idempotent.
   */
  public synchronized void stop() {
    ChatNodeRuntime r = runtime;
    if (r != null) {
      runtime = null;
      r.stop();
    }
  }

  public String nodeId() {
    return config.nodeId();
  }

  /** The bound client port. @throws IllegalStateException before start or after stop */
  public int port() {
    return running().port();
  }

  /**
   * The bound WebSocket port (path {@code /ws}); 0 when the builder set no
   * {@link ChatNodeBuilder#webSocketPort}. @throws IllegalStateException before start or after stop
   */
  public int webSocketPort() {
    return running().webSocketPort();
  }

  /** The bound internal gRPC port. @throws IllegalStateException before start or after stop */
  public int internalPort() {
    return running().internalPort();
  }

  /** The host clients are told to connect to. */
  public String advertisedHost() {
    return config.advertisedHost();
  }

  /** The WebSocket port as configured (0: a free one), or -1 for no WebSocket listener; for tests in this package. */
  int configuredWebSocketPort() {
    return config.webSocket() == null ? -1 : config.webSocket().port();
  }

  /** True when the client port speaks TLS ({@link ChatNodeBuilder#tls}). */
  public boolean tls() {
    return config.clientTls() != null;
  }

  /**
   * True when this node answers requests on its event loops (every SPI it was built with, the node
   * directory included, is {@link dev.parley.core.spi.NonBlocking} and
   * {@link ChatNodeBuilder#offloadAllRequests} is off); false when requests, pushes and the unbind
   * after a close go to its blocking-work threads. Decided once, at {@link ChatNodeBuilder#build()}.
   */
  public boolean requestsOnEventLoop() {
    return config.requestsOnEventLoop();
  }

  /** The Netty transport the running node uses: {@code EPOLL} or {@code NIO}. @throws IllegalStateException when not running */
  public String transport() {
    return running().transportName();
  }

  /**
   * The TLS engine the client port runs: {@code "OpenSSL (BoringSSL)"} (netty-tcnative),
   * {@code "JDK"}, or {@code "none"} without TLS; the start log line says the same.
   *
   * @throws IllegalStateException when not running
   */
  public String tlsEngine() {
    return running().tlsEngine();
  }

  /** Open client connections right now (0 when not running). */
  public int connectionCount() {
    ChatNodeRuntime r = runtime;
    return r == null ? 0 : r.connectionCount();
  }

  /** The node as the directory knows it. @throws IllegalStateException when not running */
  public ChatNodeInfo info() {
    return running().info();
  }

  private ChatNodeRuntime running() {
    ChatNodeRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("node " + config.nodeId() + " is not running");
    }
    return r;
  }
}
