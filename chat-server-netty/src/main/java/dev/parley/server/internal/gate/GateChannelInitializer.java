package dev.parley.server.internal.gate;

import dev.parley.core.service.AccountService;
import dev.parley.core.service.AdminService;
import dev.parley.server.AdminApiSettings;
import dev.parley.core.service.IdentityService;
import dev.parley.server.internal.tls.ServerTls;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds each gate connection's pipeline: TLS when the gate has it, idle timeout, HTTP/1.1 codec (bounded request line and
 * headers) wrapped by the request deadlines (headers, whole request), body aggregation with the body limit, then the ordered request handler. Owns the
 * router, dispatcher and metrics shared by all connections. Thread-safe; registers every accepted
 * channel in {@code channels} so the server can close them on stop.
 */
public final class GateChannelInitializer extends ChannelInitializer<Channel> {
  static final int MAX_INITIAL_LINE_BYTES = 4096;
  static final int MAX_HEADER_BYTES = 8192;
  static final int MAX_CHUNK_BYTES = 8192;

  private final ChannelGroup channels;
  private final GateDispatcher dispatcher;
  private final GateMetrics metrics;
  private final int maxBodyBytes;
  private final long idleMillis;
  private final Duration headersTimeout;
  private final Duration requestTimeout;
  private final ServerTls tls; // null: plaintext HTTP

  /**
   * Routes for {@code accounts}, metrics into {@code registry}, blocking work on {@code workers}; a
   * request's head must arrive within {@code headersTimeout} of its first byte, all of it within
   * {@code requestTimeout}; {@code staticFiles} (null: none) answer the paths no route owns.
   */
  public GateChannelInitializer(ChannelGroup channels, AccountService accounts, PrometheusMeterRegistry registry,
      GateWorkers workers, int maxBodyBytes, Duration idleTimeout, Duration headersTimeout, Duration requestTimeout,
      ServerTls tls) {
    this(channels, accounts, null, true, registry, workers, maxBodyBytes, idleTimeout, headersTimeout, requestTimeout,
        tls, null);
  }

  /**
   * As above, with JWT login at {@code POST /api/v1/sessions} through {@code identity} (null: none),
   * Parley's password accounts on or off ({@code passwordAccounts}), and {@code staticFiles} (null:
   * none) answering the paths no route owns.
   */
  public GateChannelInitializer(ChannelGroup channels, AccountService accounts, IdentityService identity,
      boolean passwordAccounts, PrometheusMeterRegistry registry, GateWorkers workers, int maxBodyBytes,
      Duration idleTimeout, Duration headersTimeout, Duration requestTimeout, ServerTls tls, StaticFiles staticFiles) {
    this(channels, publicRoutes(accounts, identity, passwordAccounts, registry), new GateMetrics(registry, workers),
        workers, maxBodyBytes, idleTimeout, headersTimeout, requestTimeout, tls, staticFiles);
  }

  /**
   * The admin listener's pipeline: the same steps and limits as the public gate's, serving only
   * the admin routes (so nothing else answers there, and they answer nowhere else), with the
   * gate's {@code metrics} and {@code workers}.
   */
  public static GateChannelInitializer admin(ChannelGroup channels, AdminService admin, AdminApiSettings settings,
      GateMetrics metrics, GateWorkers workers, int maxBodyBytes, Duration idleTimeout, Duration headersTimeout,
      Duration requestTimeout, ServerTls tls) {
    return new GateChannelInitializer(channels, new AdminRoutes(admin, new AdminAuth(settings)).routes(), metrics,
        workers, maxBodyBytes, idleTimeout, headersTimeout, requestTimeout, tls, null);
  }

  private static List<GateRoute> publicRoutes(AccountService accounts, IdentityService identity,
      boolean passwordAccounts, PrometheusMeterRegistry registry) {
    List<GateRoute> routes = new ArrayList<>(new AccountRoutes(accounts, identity, passwordAccounts).routes());
    routes.addAll(new OpsRoutes(registry).routes());
    return routes;
  }

  private GateChannelInitializer(ChannelGroup channels, List<GateRoute> routes, GateMetrics metrics,
      GateWorkers workers, int maxBodyBytes, Duration idleTimeout, Duration headersTimeout, Duration requestTimeout,
      ServerTls tls, StaticFiles staticFiles) {
    this.tls = tls;
    this.channels = channels;
    this.dispatcher = new GateDispatcher(new GateRouter(routes), workers, staticFiles);
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.idleMillis = idleTimeout.toMillis();
    this.headersTimeout = headersTimeout;
    this.requestTimeout = requestTimeout;
  }

  @Override
  protected void initChannel(Channel channel) {
    channels.add(channel);
    ChannelPipeline p = channel.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(channel));
    }
    p.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
    p.addLast("idle-close", IdleConnectionCloser.INSTANCE);
    RequestDeadline deadline = new RequestDeadline(headersTimeout, requestTimeout);
    p.addLast("deadline-start", deadline.startWatcher());
    p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
    p.addLast("deadline", deadline);
    p.addLast("body", new GateBodyAggregator(maxBodyBytes));
    p.addLast("requests", new GateRequestHandler(dispatcher, metrics, maxBodyBytes));
  }
}
