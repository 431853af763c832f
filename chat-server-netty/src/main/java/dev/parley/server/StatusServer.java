package dev.parley.server;

import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.server.internal.grpc.GrpcRoleServer;
import dev.parley.server.internal.grpc.StatusGrpcService;
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
  private final GrpcRoleServer server;

  private StatusServer(Builder b) {
    this.server = b.newServer("status", new StatusGrpcService(b.nodeDirectory, b.presence));
  }

  /** A builder with the defaults; the node directory and presence registry are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; throws {@link java.io.UncheckedIOException} when the port is taken. */
  public StatusServer start() {
    server.start();
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.port();
  }

  /** Stops serving, letting running calls finish for the shutdown grace period. */
  public void stop() {
    server.stop();
  }

  @Override
  public void close() {
    stop();
  }

  /** Builds a {@link StatusServer}. Not thread-safe; each setter checks its own argument. */
  public static final class Builder extends GrpcServerBuilder<Builder> {
    private NodeDirectory nodeDirectory;
    private PresenceRegistry presence;

    private Builder() {
      super(256);
    }

    @Override
    Builder self() {
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

    /** A server with this configuration, not yet started; IllegalStateException without both SPIs. */
    public StatusServer build() {
      if (nodeDirectory == null || presence == null) {
        throw new IllegalStateException("nodeDirectory and presence are required");
      }
      return new StatusServer(this);
    }
  }
}
