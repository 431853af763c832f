package dev.parley.server;

import dev.parley.core.hooks.Authenticator;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.AdminService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.IdentityService;
import dev.parley.server.identity.JwtAuthenticator;
import dev.parley.server.identity.JwtSettings;
import dev.parley.netty.internal.NettyTransport;
import dev.parley.server.internal.gate.GateChannelInitializer;
import dev.parley.server.internal.gate.GateMetrics;
import dev.parley.server.internal.gate.GateWorkers;
import dev.parley.server.internal.tls.ServerTls;
import dev.parley.server.internal.transport.ConnectionLimiter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate role: the HTTP/1.1 JSON API of DESIGN section 5 (verification codes, registration,
 * password reset, login, reconnect routing) over an {@link AccountService}, plus
 * {@code GET /healthz} and {@code GET /metrics} (Prometheus text), and optionally a web client's
 * files at the other paths ({@link Builder#staticContent}).
 *
 * <pre>{@code
 * GateServer gate = GateServer.builder().host("0.0.0.0").port(8080)
 *     .accountService(accounts).build().start();
 * }</pre>
 *
 * <p>Netty, epoll when available. Service calls block (Argon2 hashing, stores), so they run on a
 * bounded worker pool ({@link Builder#executorThreads}, {@link Builder#executorQueue}), never on an
 * event loop; when it is full the gate answers 503 UNAVAILABLE at once. Bodies over
 * {@link ChatLimits#maxHttpBodyBytes()} are refused with 413 without being buffered. A request must
 * arrive within deadlines counted from its first byte ({@link Builder#requestHeadersTimeout},
 * {@link Builder#requestTimeout}; 408 and close otherwise), and connections are capped per client
 * address and in all ({@link Builder#maxConnectionsPerAddress}, {@link Builder#maxConnections}).
 *
 * <p>With {@link Builder#adminApi} it also serves the host's admin API ({@code /api/v1/admin/...},
 * see {@link AdminApiSettings}) on a second listener of its own; the public port answers those
 * paths 404 like any unknown path.
 *
 * <p>Thread-safe. Configuration is fixed at {@link Builder#build()}; a server starts once and
 * {@link #stop()} is idempotent.
 */
public final class GateServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GateServer.class);
  /** Connections the admin listener holds at most (per address and in all). */
  static final int ADMIN_MAX_CONNECTIONS = 64;

  private final String host;
  private final int requestedPort;
  private final AccountService accounts;
  private final IdentityService identity; // null: no JWT login
  private final boolean passwordAccounts;
  private final ChatLimits limits;
  private final PrometheusMeterRegistry registry;
  private final int executorThreads;
  private final int executorQueue;
  private final int ioThreads;
  private final Duration idleTimeout;
  private final Duration requestHeadersTimeout;
  private final Duration requestTimeout;
  private final int maxConnectionsPerAddress;
  private final int maxConnections;
  private final Duration shutdownGrace;
  private final NettyTransport transport;
  private final TlsSettings tlsSettings;
  private final AdminService admin;
  private final AdminApiSettings adminApi;
  private final StaticContent staticContent; // null: API only
  private ServerTls tls;
  private ServerTls adminTls;
  private Channel adminChannel;

  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private GateWorkers workers;
  private ChannelGroup channels;
  private Channel serverChannel;
  private boolean stopped;

  private GateServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.accounts = b.accountService;
    this.identity = b.authenticator == null ? null : b.accountService.identity(b.authenticator, b.provisionUsers);
    this.passwordAccounts = b.passwordAccounts;
    this.limits = b.limits;
    this.registry = b.meterRegistry != null ? b.meterRegistry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.executorThreads = b.executorThreads;
    this.executorQueue = b.executorQueue;
    this.ioThreads = b.ioThreads;
    this.idleTimeout = b.idleTimeout;
    this.requestHeadersTimeout = b.requestHeadersTimeout;
    this.requestTimeout = b.requestTimeout;
    this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
    this.maxConnections = b.maxConnections;
    this.shutdownGrace = b.shutdownGrace;
    this.transport = NettyTransport.choose(b.preferNativeTransport);
    this.tlsSettings = b.tls;
    this.admin = b.admin;
    this.adminApi = b.adminApi;
    this.staticContent = b.staticContent;
  }

  /** A builder with the defaults; {@link Builder#accountService} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound (port taken, unknown host)
   * @throws IllegalStateException when already started or stopped
   */
  public synchronized GateServer start() {
    if (serverChannel != null || stopped) {
      throw new IllegalStateException("gate already started");
    }
    acceptGroup = transport.newGroup(1, "parley-gate-accept");
    ioGroup = transport.newGroup(ioThreads, "parley-gate-io");
    workers = new GateWorkers(executorThreads, executorQueue);
    channels = new DefaultChannelGroup("parley-gate", GlobalEventExecutor.INSTANCE);
    tls = tlsSettings == null ? null : ServerTls.start(tlsSettings, "gate", registry);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channel(transport.serverChannelClass())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .handler(GateMetrics.connectionLimiter(registry, maxConnectionsPerAddress, maxConnections))
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new GateChannelInitializer(channels, accounts, identity, passwordAccounts, registry, workers,
            limits.maxHttpBodyBytes(), idleTimeout, requestHeadersTimeout, requestTimeout, tls,
            staticContent == null ? null : staticContent.files()));
    ChannelFuture bound = bootstrap.bind(host, requestedPort).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutDownResources();
      stopped = true;
      String where = "gate could not bind " + host + ":" + requestedPort;
      throw bound.cause() instanceof IOException io ? new UncheckedIOException(where, io)
          : new IllegalStateException(where, bound.cause());
    }
    serverChannel = bound.channel();
    if (adminApi != null) {
      startAdminApi();
    }
    log.info("gate listening on {} ({}, {}{})", serverChannel.localAddress(), transport,
        tls == null ? "plaintext HTTP" : "HTTPS, TLS engine " + tls.engineName(),
        staticContent == null ? "" : ", " + staticContent);
    return this;
  }

  /**
   * The admin listener: its own server channel on the admin address, sharing the gate's event loops,
   * workers, limits and metrics, serving the admin routes only. A failure to bind stops the gate.
   */
  private void startAdminApi() {
    adminTls = adminApi.tls().map(t -> ServerTls.start(t, "gate admin", registry)).orElse(null);
    // Few callers: a small cap of its own, apart from the public port's.
    ConnectionLimiter limiter = new ConnectionLimiter(ADMIN_MAX_CONNECTIONS, ADMIN_MAX_CONNECTIONS, refusal -> {});
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channel(transport.serverChannelClass())
        .handler(limiter)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(GateChannelInitializer.admin(channels, admin, adminApi, new GateMetrics(registry, workers),
            workers, limits.maxHttpBodyBytes(), idleTimeout, requestHeadersTimeout, requestTimeout, adminTls));
    ChannelFuture bound = bootstrap.bind(adminApi.host(), adminApi.port()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      serverChannel.close().awaitUninterruptibly();
      shutDownResources();
      stopped = true;
      String where = "gate could not bind its admin API on " + adminApi.host() + ":" + adminApi.port();
      throw bound.cause() instanceof IOException io ? new UncheckedIOException(where, io)
          : new IllegalStateException(where, bound.cause());
    }
    adminChannel = bound.channel();
    log.info("gate admin API listening on {} ({}, {} bearer secret(s){})", adminChannel.localAddress(),
        adminTls == null ? "plaintext HTTP" : "HTTPS", adminApi.bearers().size(),
        adminApi.mutualTls() ? ", client certificates required" : "");
  }

  /** The admin listener's bound port; IllegalStateException when the gate serves no admin API or is not started. */
  public synchronized int adminPort() {
    if (adminChannel == null) {
      throw new IllegalStateException("gate has no admin API running");
    }
    return ((InetSocketAddress) adminChannel.localAddress()).getPort();
  }

  /** The admin service behind the admin API and for the host's own calls; empty when none was given. */
  public Optional<AdminService> admin() {
    return Optional.ofNullable(admin);
  }

  /** The bound port (useful with port 0). */
  public synchronized int port() {
    if (serverChannel == null) {
      throw new IllegalStateException("gate not started");
    }
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The address this gate binds (or bound) to. */
  String host() {
    return host;
  }

  /** True when the gate serves HTTPS. */
  public boolean tls() {
    return tlsSettings != null;
  }

  /** The files served beside the API ({@link Builder#staticContent}), or null when none. */
  public StaticContent staticContent() {
    return staticContent;
  }

  /** "EPOLL" or "NIO": the Netty transport this gate runs on. */
  public String transport() {
    return transport.name();
  }

  /** The registry behind {@code GET /metrics}; add your own meters to it. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** Stops accepting, closes open connections and lets running requests finish for the grace period. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly();
      if (adminChannel != null) {
        adminChannel.close().awaitUninterruptibly();
      }
      shutDownResources();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void shutDownResources() {
    channels.close().awaitUninterruptibly(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    workers.shutdown(shutdownGrace);
    acceptGroup.shutdownGracefully(0, shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    ioGroup.shutdownGracefully(0, shutdownGrace.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    if (tls != null) {
      tls.close();
    }
    if (adminTls != null) {
      adminTls.close();
    }
  }

  /** Builds a {@link GateServer}. Not thread-safe; each setter checks its own argument. */
  public static final class Builder {
    private String host = BuilderChecks.DEFAULT_HOST;
    private int port = 8080;
    private AccountService accountService;
    private ChatLimits limits = ChatLimits.defaults();
    private PrometheusMeterRegistry meterRegistry;
    private int executorThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int executorQueue = 256;
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration requestHeadersTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxConnectionsPerAddress = 64;
    private int maxConnections = 10_000;
    private Duration shutdownGrace = Duration.ofSeconds(5);
    private boolean preferNativeTransport = true;
    private TlsSettings tls;
    private AdminService admin;
    private AdminApiSettings adminApi;
    private Authenticator authenticator;
    private boolean provisionUsers = true;
    private boolean passwordAccounts = true;
    private StaticContent staticContent;

    private Builder() {}

    /**
     * The host's admin service ({@link ParleyAdmin#service()} in a split deployment): what the admin
     * API runs, and what {@link GateServer#admin()} answers. Without {@link #adminApi} no listener
     * serves it.
     */
    public Builder admin(AdminService service) {
      this.admin = Objects.requireNonNull(service, "admin");
      return this;
    }

    /**
     * Accept {@code POST /api/v1/sessions} with {@code {"jwt": ...}} checked by {@code authenticator}
     * (a host's own scheme; for JWTs see {@link #jwt}). Default: none (a JWT login answers FORBIDDEN).
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** {@link #authenticator} with a {@link JwtAuthenticator} for {@code settings}. */
    public Builder jwt(JwtSettings settings) {
      return authenticator(new JwtAuthenticator(settings));
    }

    /**
     * Whether a host user whose credential is valid but who has no account yet gets one made at
     * once (default true); false refuses them with INVALID_CREDENTIALS, like a bad credential.
     */
    public Builder provisionUsers(boolean provision) {
      this.provisionUsers = provision;
      return this;
    }

    /**
     * Serve the admin HTTP API ({@code /api/v1/admin/...}) on its own listener with these settings
     * (needs {@link #admin}). Off by default; the public port never serves it.
     */
    public Builder adminApi(AdminApiSettings settings) {
      this.adminApi = Objects.requireNonNull(settings, "adminApi");
      return this;
    }

    /**
     * Whether Parley's own email-and-password accounts are served (default true): false answers
     * sign-up, verification codes, password resets and password logins with FORBIDDEN, for hosts
     * whose users sign in with the host's identity only.
     */
    public Builder passwordAccounts(boolean enabled) {
      this.passwordAccounts = enabled;
      return this;
    }

    /** Address to bind; default 127.0.0.1 (loopback), like every role; "0.0.0.0" for all interfaces. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port to bind; default 8080; 0 picks a free one, see {@link GateServer#port()}. */
    public Builder port(int port) {
      this.port = BuilderChecks.port(port);
      return this;
    }

    /** Required: the service behind every account route. */
    public Builder accountService(AccountService accountService) {
      this.accountService = Objects.requireNonNull(accountService, "accountService");
      return this;
    }

    /** The gate uses {@link ChatLimits#maxHttpBodyBytes()}; default {@link ChatLimits#defaults()}. */
    public Builder limits(ChatLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Where the gate's meters go and what {@code /metrics} exposes; default a new registry. */
    public Builder meterRegistry(PrometheusMeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /** Worker threads for blocking service calls; default max(2, CPUs). */
    public Builder executorThreads(int threads) {
      this.executorThreads = BuilderChecks.positive("executorThreads", threads);
      return this;
    }

    /** Requests that may wait for a worker before the gate answers 503; default 256. */
    public Builder executorQueue(int capacity) {
      this.executorQueue = BuilderChecks.positive("executorQueue", capacity);
      return this;
    }

    /** Event-loop threads for connections; default max(1, CPUs). */
    public Builder ioThreads(int threads) {
      this.ioThreads = BuilderChecks.positive("ioThreads", threads);
      return this;
    }

    /** A connection with no traffic for this long is closed; default 60 s. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = BuilderChecks.positive("idleTimeout", timeout);
      return this;
    }

    /**
     * A request whose request line and headers have not all arrived this long after its first byte
     * is answered 408 and its connection closed (slowloris); default 10 s.
     */
    public Builder requestHeadersTimeout(Duration timeout) {
      this.requestHeadersTimeout = BuilderChecks.positive("requestHeadersTimeout", timeout);
      return this;
    }

    /**
     * A request that has not arrived whole, body included, this long after its first byte is answered
     * 408 and its connection closed (slow body); default 30 s, at least {@link #requestHeadersTimeout}.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = BuilderChecks.positive("requestTimeout", timeout);
      return this;
    }

    /**
     * Connections one client address (an IPv6 client: its /64) may hold open; more are closed as
     * they are accepted and counted in {@code parley_gate_connections_refused_total}. Default 64.
     */
    public Builder maxConnectionsPerAddress(int max) {
      this.maxConnectionsPerAddress = BuilderChecks.positive("maxConnectionsPerAddress", max);
      return this;
    }

    /**
     * Connections the gate holds open in all; more are closed as they are accepted, so a flood of
     * idle sockets cannot use up the process's file descriptors (shared with a chat node in the same
     * JVM). Default 10,000.
     */
    public Builder maxConnections(int max) {
      this.maxConnections = BuilderChecks.positive("maxConnections", max);
      return this;
    }

    /** How long {@link GateServer#stop()} waits for running requests; default 5 s. */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = BuilderChecks.nonNegative("shutdownGrace", grace);
      return this;
    }

    /**
     * Serve HTTPS (HTTP/1.1 over TLS) with these settings instead of plaintext HTTP; the password
     * and the session token travel in the clear without it.
     */
    public Builder tls(TlsSettings settings) {
      this.tls = Objects.requireNonNull(settings, "tls");
      return this;
    }

    /**
     * Also serve these files at every path outside {@code /api/} that no API route owns
     * ({@code /} is {@code /index.html}), with cache and security headers; see {@link StaticContent}.
     * Default none: the gate answers 404 there.
     */
    public Builder staticContent(StaticContent content) {
      this.staticContent = Objects.requireNonNull(content, "staticContent");
      return this;
    }

    /** True when {@link #staticContent} was set (the all-in-one builder then leaves it alone). */
    boolean hasStaticContent() {
      return staticContent != null;
    }

    /** Use native epoll when the platform has it (default true); false forces NIO. */
    public Builder preferNativeTransport(boolean prefer) {
      this.preferNativeTransport = prefer;
      return this;
    }

    /**
     * A gate with this configuration, not yet started; IllegalStateException without an account
     * service or with a request timeout shorter than the headers timeout.
     */
    public GateServer build() {
      if (accountService == null) {
        throw new IllegalStateException("accountService is required");
      }
      if (!passwordAccounts && authenticator == null) {
        throw new IllegalStateException("passwordAccounts(false) needs an authenticator (or jwt settings): "
            + "otherwise no one could log in");
      }
      if (requestTimeout.compareTo(requestHeadersTimeout) < 0) {
        throw new IllegalStateException("requestTimeout " + requestTimeout + " is shorter than requestHeadersTimeout "
            + requestHeadersTimeout);
      }
      if (adminApi != null && admin == null) {
        throw new IllegalStateException("adminApi needs an admin service (Builder.admin)");
      }
      if (adminApi != null && adminApi.port() != 0 && adminApi.port() == port) {
        throw new IllegalStateException("the admin API port " + port + " is the public gate port; give it its own");
      }
      return new GateServer(this);
    }
  }
}
