package dev.parley.server;

import dev.parley.server.internal.grpc.GrpcRoleServer;
import io.grpc.BindableService;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every internal gRPC role server shares (bind address, threads, calls per
 * connection, shutdown grace, TLS), each checked in its setter. Self-typed so the setters return the
 * concrete builder; {@link StatusServer.Builder} and {@link VerifyServer.Builder} extend it.
 *
 * <p>Not thread-safe.
 */
abstract class GrpcServerBuilder<B extends GrpcServerBuilder<B>> {
  private String host = BuilderChecks.DEFAULT_HOST;
  private int port;
  private int threads = 4;
  private int maxCallsPerConnection;
  private Duration shutdownGrace = Duration.ofSeconds(5);
  private TlsSettings tls;

  GrpcServerBuilder(int defaultMaxCallsPerConnection) {
    this.maxCallsPerConnection = defaultMaxCallsPerConnection;
  }

  abstract B self();

  /** Address to bind; default 127.0.0.1 (loopback), like every role; "0.0.0.0" for all interfaces. */
  public B host(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return self();
  }

  /** The address the server will bind. */
  String host() {
    return host;
  }

  /** Port to bind; 0 (the default) picks a free one, see the server's {@code port()}. */
  public B port(int port) {
    this.port = BuilderChecks.port(port);
    return self();
  }

  /** Threads running service calls (which may block on stores or SMTP); default 4. */
  public B threads(int threads) {
    this.threads = BuilderChecks.positive("threads", threads);
    return self();
  }

  /**
   * Concurrent calls one peer may have in flight (HTTP/2 MAX_CONCURRENT_STREAMS); default 256 for
   * status, 64 for verify.
   */
  public B maxCallsPerConnection(int max) {
    this.maxCallsPerConnection = BuilderChecks.positive("maxCallsPerConnection", max);
    return self();
  }

  /** How long the server's {@code stop()} waits for running calls; default 5 s. */
  public B shutdownGrace(Duration grace) {
    this.shutdownGrace = BuilderChecks.nonNegative("shutdownGrace", grace);
    return self();
  }

  /**
   * TLS on this gRPC port: the settings' chain and key are the server's certificate. With
   * {@link TlsSettings.ClientAuth#REQUIRE} and the cluster CA as
   * {@link TlsSettings.Builder#trustedCertificates trusted certificates} it is mutual TLS: only a
   * caller presenting a certificate that CA signed (a cluster member) gets through the handshake;
   * anyone else sees the connection fail ({@code UNAVAILABLE}). The engine is grpc-netty-shaded's
   * bundled OpenSSL when it loads ({@code AUTO}), else the JDK's; it is logged at start. The files
   * are read once at start: a changed certificate needs a restart (the settings' reload interval
   * applies to the gate and chat ports only). Without it the port is plaintext, for loopback and tests.
   */
  public B tls(TlsSettings tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    return self();
  }

  GrpcRoleServer newServer(String role, BindableService service) {
    return new GrpcRoleServer(role, host, port, threads, maxCallsPerConnection, shutdownGrace, tls, service);
  }
}
