package dev.parley.server;

import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.server.internal.grpc.GrpcServerHost;
import dev.parley.server.internal.grpc.StatusGrpcService;
import java.time.Duration;
import java.util.Objects;

/**
 * The status role over gRPC: serves the chat-node registry (register, heartbeat, deregister,
 * find, list, assign) and presence (bind, unbind, look up, refresh) by delegating to a
 * {@link NodeDirectory} and a {@link PresenceRegistry}. Chat nodes and gates reach it with a
 * {@link StatusClient}. Assignment and expiry semantics are the SPIs': this server adds none.
 *
 * <pre>{@code
 * StatusServer status = StatusServer.builder().port(7100)
 *     .nodeDirectory(directory).presence(presence).build().start();
 * }</pre>
 *
 * <p>Thread-safe. Configuration is fixed at {@link Builder#build()}; a server starts once and
 * {@link #stop()} is idempotent.
 */
public final class StatusServer implements AutoCloseable {
  private final String bindHost;
  private final int bindPort;
  private final int threads;
  private final int maxCallsPerConnection;
  private final Duration shutdownGrace;
  private final StatusGrpcService service;
  private GrpcServerHost host;
  private boolean stopped;

  private StatusServer(Builder b) {
    this.bindHost = b.host;
    this.bindPort = b.port;
    this.threads = b.threads;
    this.maxCallsPerConnection = b.maxCallsPerConnection;
    this.shutdownGrace = b.shutdownGrace;
    this.service = new StatusGrpcService(b.nodeDirectory, b.presence);
  }

  /** A builder with the defaults; the node directory and presence registry are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; throws {@link java.io.UncheckedIOException} when the port is taken. */
  public synchronized StatusServer start() {
    if (host != null || stopped) {
      throw new IllegalStateException("status server already started");
    }
    host = GrpcServerHost.start("status", bindHost, bindPort, threads, maxCallsPerConnection, service);
    return this;
  }

  /** The bound port (useful with port 0). */
  public synchronized int port() {
    if (host == null) {
      throw new IllegalStateException("status server not started");
    }
    return host.port();
  }

  /** Stops serving, letting running calls finish for the shutdown grace period. */
  public synchronized void stop() {
    if (host != null && !stopped) {
      host.stop(shutdownGrace);
    }
    stopped = true;
  }

  @Override
  public void close() {
    stop();
  }

  /** Builds a {@link StatusServer}. Not thread-safe; each setter checks its own argument. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port;
    private NodeDirectory nodeDirectory;
    private PresenceRegistry presence;
    private int threads = 4;
    private int maxCallsPerConnection = 256;
    private Duration shutdownGrace = Duration.ofSeconds(5);

    private Builder() {}

    /** Address to bind; default all interfaces. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port to bind; 0 (the default) picks a free one, see {@link StatusServer#port()}. */
    public Builder port(int port) {
      this.port = BuilderChecks.port(port);
      return this;
    }

    /** Required: the node registry every node call delegates to. */
    public Builder nodeDirectory(NodeDirectory nodeDirectory) {
      this.nodeDirectory = Objects.requireNonNull(nodeDirectory, "nodeDirectory");
      return this;
    }

    /** Required: the presence registry every presence call delegates to. */
    public Builder presence(PresenceRegistry presence) {
      this.presence = Objects.requireNonNull(presence, "presence");
      return this;
    }

    /** Threads running service calls (the SPIs may block on Redis); default 4. */
    public Builder threads(int threads) {
      this.threads = BuilderChecks.positive("threads", threads);
      return this;
    }

    /** Concurrent calls one peer may have in flight (HTTP/2 MAX_CONCURRENT_STREAMS); default 256. */
    public Builder maxCallsPerConnection(int max) {
      this.maxCallsPerConnection = BuilderChecks.positive("maxCallsPerConnection", max);
      return this;
    }

    /** How long {@link StatusServer#stop()} waits for running calls; default 5 s. */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = BuilderChecks.nonNegative("shutdownGrace", grace);
      return this;
    }

    /** A server with this configuration, not yet started; IllegalStateException without both SPIs. */
    public StatusServer build() {
      if (nodeDirectory == null || presence == null) {
        throw new IllegalStateException("nodeDirectory and presence are required");
      }
      return new StatusServer(this);
    }
  }
}
