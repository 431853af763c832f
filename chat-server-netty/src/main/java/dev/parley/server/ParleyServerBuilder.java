package dev.parley.server;

import dev.parley.core.hooks.Authenticator;
import dev.parley.server.identity.JwtAuthenticator;
import dev.parley.server.identity.JwtSettings;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.crypto.BoundedPasswordHasher;
import dev.parley.core.hooks.ChatEventListener;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.hooks.OfflinePushSender;
import dev.parley.core.mail.ConsoleMailSender;
import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.VerificationService;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.MailSender;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.spi.VerificationCodes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures a {@link ParleyServer}: it holds a {@link ChatNodeBuilder} and a
 * {@link GateServer.Builder} and composes them (OkHttp-style), so every role setting is set on the
 * role's own builder, with that builder's default:
 *
 * <pre>{@code
 * ParleyServer server = ParleyServer.builder().host("127.0.0.1")
 *     .chatNode(node -> node.port(9000).blockingThreads(32))
 *     .gate(gate -> gate.port(8080).executorThreads(8))
 *     .build().start();
 * }</pre>
 *
 * <p>What this builder owns itself are the all-in-one settings both roles share, applied to both at
 * {@link #build()} (over anything the part builders were told): the bind {@link #host} and
 * {@link #advertisedHost}, {@link #limits}, {@link #clock}, the {@link #meterRegistry} and the
 * backends. Every backend not given is the in-memory one with its SPI's default TTL (made at
 * {@link #build()} with the configured clock); mail goes to the console and passwords are hashed
 * with {@link Argon2PasswordHasher#defaults()}, one call per core at a time
 * ({@link BoundedPasswordHasher#forCores}), unless told otherwise. The few role settings that
 * the README, examples and benchmarks use ({@link #chatPort}, {@link #gatePort}, {@link #nodeId},
 * {@link #ioThreads}, {@link #blockingWork}, {@link #blockingThreads}), the host hooks
 * ({@link #messageInterceptor}, {@link #interceptorTimeout}, {@link #eventListener},
 * {@link #eventQueueCapacity}) and the offline push ({@link #offlinePush}, {@link #pushPreview},
 * {@link #pushPreviewLength}) delegate to the part builders.
 * By default it also serves the web client ({@link #webClient}).
 *
 * <p>Not thread-safe; {@link #build()} freezes a copy.
 */
public final class ParleyServerBuilder {
  private final ChatNodeBuilder node = ChatNode.builder().nodeId("chat-1");
  private final GateServer.Builder gate = GateServer.builder().port(0);
  private String host = BuilderChecks.DEFAULT_HOST;
  private String advertisedHost;
  private ChatLimits limits = ChatLimits.defaults();
  private Clock clock = Clock.systemUTC();
  private UserStore users;
  private FriendStore friends;
  private MessageStore messages;
  private GroupStore groups;
  private PresenceRegistry presence;
  private TokenStore tokens;
  private VerificationCodes codes;
  private NodeDirectory directory;
  private RateLimiter rateLimiter;
  private LoginLock loginLock;
  private ChangeFeed changeFeed;
  private MailSender mail;
  private PasswordHasher hasher;
  private PrometheusMeterRegistry meters;
  private AdminApiSettings adminApi;
  private boolean webClient = true;

  ParleyServerBuilder() {}

  /**
   * Serve the admin HTTP API on its own listener with these settings (see {@link AdminApiSettings});
   * off by default. The Java API, {@link ParleyServer#admin()}, is there either way.
   */
  public ParleyServerBuilder adminApi(AdminApiSettings settings) {
    adminApi = Objects.requireNonNull(settings, "adminApi");
    return this;
  }

  /** Applies {@code settings} to the chat node's builder (ports, threads, timeouts; see {@link ChatNodeBuilder}). */
  public ParleyServerBuilder chatNode(Consumer<ChatNodeBuilder> settings) {
    settings.accept(node);
    return this;
  }

  /** Applies {@code settings} to the gate's builder (port, workers, timeouts; see {@link GateServer.Builder}). */
  public ParleyServerBuilder gate(Consumer<GateServer.Builder> settings) {
    settings.accept(gate);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#ioThreads}. */
  public ParleyServerBuilder ioThreads(int v) {
    node.ioThreads(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#blockingWork}. */
  public ParleyServerBuilder blockingWork(int threads, int queueSize) {
    node.blockingWork(threads, queueSize);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#blockingThreads}: {@code threads}, queue bound derived from them. */
  public ParleyServerBuilder blockingThreads(int threads) {
    node.blockingThreads(threads);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#messageInterceptor}: checks every message before it is stored. */
  public ParleyServerBuilder messageInterceptor(MessageInterceptor v) {
    node.messageInterceptor(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#interceptorTimeout}; default 200 ms. */
  public ParleyServerBuilder interceptorTimeout(Duration v) {
    node.interceptorTimeout(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#eventListener}: hears stored messages, friendships, groups, presence. */
  public ParleyServerBuilder eventListener(ChatEventListener v) {
    node.eventListener(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#eventQueueCapacity}; default 10,000. */
  public ParleyServerBuilder eventQueueCapacity(int v) {
    node.eventQueueCapacity(v);
    return this;
  }

  /**
   * The chat node's {@link ChatNodeBuilder#offlinePush}: called for each recipient of a message who
   * has no live unmuted session (e.g. a {@link dev.parley.server.push.WebhookPushSender}); default none.
   */
  public ParleyServerBuilder offlinePush(OfflinePushSender v) {
    node.offlinePush(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#pushPreview}; default {@link PreviewMode#SENDER}. */
  public ParleyServerBuilder pushPreview(PreviewMode v) {
    node.pushPreview(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#pushPreviewLength}; default 100 code points. */
  public ParleyServerBuilder pushPreviewLength(int v) {
    node.pushPreviewLength(v);
    return this;
  }

  /** Address both servers bind to; default 127.0.0.1, as for every role. */
  public ParleyServerBuilder host(String v) {
    host = BuilderChecks.requireText("host", v);
    return this;
  }

  /** The gate's {@link GateServer.Builder#port}; 0 (the all-in-one default) picks a free one. */
  public ParleyServerBuilder gatePort(int v) {
    gate.port(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#port}; 0 (the default) picks a free one. */
  public ParleyServerBuilder chatPort(int v) {
    node.port(v);
    return this;
  }

  /** Host the gate tells clients to connect to; default the bind host (required for a wildcard). */
  public ParleyServerBuilder advertisedHost(String v) {
    advertisedHost = BuilderChecks.requireText("advertisedHost", v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#nodeId}; default "chat-1". */
  public ParleyServerBuilder nodeId(String v) {
    node.nodeId(v);
    return this;
  }

  public ParleyServerBuilder limits(ChatLimits v) {
    limits = Objects.requireNonNull(v, "limits");
    return this;
  }

  public ParleyServerBuilder clock(Clock v) {
    clock = Objects.requireNonNull(v, "clock");
    return this;
  }

  public ParleyServerBuilder userStore(UserStore v) {
    users = Objects.requireNonNull(v, "userStore");
    return this;
  }

  public ParleyServerBuilder friendStore(FriendStore v) {
    friends = Objects.requireNonNull(v, "friendStore");
    return this;
  }

  public ParleyServerBuilder messageStore(MessageStore v) {
    messages = Objects.requireNonNull(v, "messageStore");
    return this;
  }

  /**
   * Groups, their members and logs; default in memory. With a shared message store pass the
   * deployment's group store too (MySQL: {@code MysqlStorage.groups()}).
   */
  public ParleyServerBuilder groupStore(GroupStore v) {
    groups = Objects.requireNonNull(v, "groupStore");
    return this;
  }

  /**
   * Who blocks whom (issue 15); default in memory. With shared stores pass the deployment's block
   * store too (MySQL: {@code MysqlStorage.blockStore()}). Only the chat node reads it.
   */
  public ParleyServerBuilder blockStore(BlockStore v) {
    node.blockStore(Objects.requireNonNull(v, "blockStore"));
    return this;
  }

  public ParleyServerBuilder presenceRegistry(PresenceRegistry v) {
    presence = Objects.requireNonNull(v, "presenceRegistry");
    return this;
  }

  public ParleyServerBuilder tokenStore(TokenStore v) {
    tokens = Objects.requireNonNull(v, "tokenStore");
    return this;
  }

  public ParleyServerBuilder verificationCodes(VerificationCodes v) {
    codes = Objects.requireNonNull(v, "verificationCodes");
    return this;
  }

  public ParleyServerBuilder nodeDirectory(NodeDirectory v) {
    directory = Objects.requireNonNull(v, "nodeDirectory");
    return this;
  }

  public ParleyServerBuilder rateLimiter(RateLimiter v) {
    rateLimiter = Objects.requireNonNull(v, "rateLimiter");
    return this;
  }

  public ParleyServerBuilder loginLock(LoginLock v) {
    loginLock = Objects.requireNonNull(v, "loginLock");
    return this;
  }

  /**
   * How this server's chat node hears of friendship and presence changes made by other nodes sharing
   * its backends (the Redis one with Redis presence); default an in-memory feed, right for one server.
   * See {@link ChatNodeBuilder#changeFeed}.
   */
  public ParleyServerBuilder changeFeed(ChangeFeed v) {
    changeFeed = Objects.requireNonNull(v, "changeFeed");
    return this;
  }

  /** Where verification mails go; default {@link ConsoleMailSender} (stdout). */
  public ParleyServerBuilder mailSender(MailSender v) {
    mail = Objects.requireNonNull(v, "mailSender");
    return this;
  }

  public ParleyServerBuilder passwordHasher(PasswordHasher v) {
    hasher = Objects.requireNonNull(v, "passwordHasher");
    return this;
  }

  /**
   * Host credentials: the gate's {@code POST /api/v1/sessions} with {@code {"jwt": ...}} and, with
   * {@link #jwtLoginAtNode}, the chat node's {@code Login.jwt} are checked by {@code v}
   * ({@link GateServer.Builder#authenticator}, {@link ChatNodeBuilder#authenticator}).
   */
  public ParleyServerBuilder authenticator(Authenticator v) {
    Objects.requireNonNull(v, "authenticator");
    gate.authenticator(v);
    node.authenticator(v);
    return this;
  }

  /** {@link #authenticator} with one {@link JwtAuthenticator} for {@code settings}. */
  public ParleyServerBuilder jwt(JwtSettings settings) {
    return authenticator(new JwtAuthenticator(settings));
  }

  /** Whether a host user's first credential login makes the account (default true), at the gate and the node. */
  public ParleyServerBuilder provisionUsers(boolean v) {
    gate.provisionUsers(v);
    node.provisionUsers(v);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#jwtLoginAtNode}; default false. */
  public ParleyServerBuilder jwtLoginAtNode(boolean v) {
    node.jwtLoginAtNode(v);
    return this;
  }

  /** The gate's {@link GateServer.Builder#passwordAccounts}; default true. */
  public ParleyServerBuilder passwordAccounts(boolean v) {
    gate.passwordAccounts(v);
    return this;
  }

  /**
   * Serve the Parley web client (default true): the gate serves its files at {@code /} when the
   * chat-web-client jar is on the class path (it logs that it is not, otherwise, and changes
   * nothing else), and then the chat node's WebSocket port is on (port 0 unless {@link ChatNodeBuilder#webSocketPort} is set) and accepts
   * upgrades from the gate's own origins ({@code http://127.0.0.1:GATEPORT},
   * {@code http://localhost:GATEPORT}; {@code https} with TLS) besides any
   * {@link ChatNodeBuilder#webSocketAllowedOrigins}, and the page's Content-Security-Policy allows
   * connections to that WebSocket port. Files set with {@link GateServer.Builder#staticContent}
   * are served instead. False: none of this (no WebSocket port unless set).
   */
  public ParleyServerBuilder webClient(boolean serve) {
    webClient = serve;
    return this;
  }

  /** Registry for the gate's and node's meters, served at {@code /metrics}; default a new one. */
  public ParleyServerBuilder meterRegistry(PrometheusMeterRegistry v) {
    meters = Objects.requireNonNull(v, "meterRegistry");
    return this;
  }

  /**
   * Resolves every backend not given to its in-memory default, applies the shared settings to the
   * part builders and builds both roles (not started); the chat node's checks apply, e.g. a wildcard
   * host ("0.0.0.0", "::", "[::]") needs {@link #advertisedHost}.
   */
  public ParleyServer build() {
    ParleyServerConfig c = new ParleyServerConfig(host, limits, clock,
        users != null ? users : new InMemoryUserStore(clock),
        friends != null ? friends : new InMemoryFriendStore(clock),
        messages != null ? messages : new InMemoryMessageStore(),
        groups != null ? groups : new InMemoryGroupStore(),
        presence != null ? presence : new InMemoryPresenceRegistry(PresenceRegistry.DEFAULT_TTL, clock),
        tokens != null ? tokens : new InMemoryTokenStore(TokenStore.DEFAULT_TTL, clock),
        codes != null ? codes : new InMemoryVerificationCodes(InMemoryVerificationCodes.DEFAULT_TTL,
            InMemoryVerificationCodes.DEFAULT_MAX_ATTEMPTS, InMemoryVerificationCodes.DEFAULT_ISSUE_INTERVAL, clock),
        directory != null ? directory : new InMemoryNodeDirectory(NodeDirectory.DEFAULT_STALE_AFTER, clock),
        rateLimiter != null ? rateLimiter : new InMemoryRateLimiter(clock),
        loginLock != null ? loginLock : new InMemoryLoginLock(),
        mail != null ? mail : new ConsoleMailSender(),
        hasher != null ? hasher : BoundedPasswordHasher.forCores(Argon2PasswordHasher.defaults()),
        meters != null ? meters : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        changeFeed != null ? changeFeed : new InMemoryChangeFeed());
    AllInOneWebClient web = webClient ? new AllInOneWebClient(c.host(), advertisedHost) : null;
    ChatNodeBuilder nodeBuilder = nodeOf(c);
    // A reset kicks through presence and the node's gRPC Kick, as a separate gate would.
    PresenceSessionCloser sessionCloser = new PresenceSessionCloser(c.presence(), c.directory());
    // The admin API reaches the node as a separate gate would: Deliver and Kick over loopback gRPC.
    ParleyAdmin admin = ParleyAdmin.builder().userStore(c.users()).friendStore(c.friends())
        .messageStore(c.messages()).groupStore(c.groups()).tokenStore(c.tokens()).presenceRegistry(c.presence())
        .nodeDirectory(c.directory()).changeFeed(c.changeFeed()).passwordHasher(c.hasher()).limits(c.limits())
        .clock(c.clock()).build();
    GateServer.Builder gateBuilder = gateOf(c, sessionCloser).admin(admin.service());
    if (adminApi != null) {
      gateBuilder.adminApi(adminApi);
    }
    if (web != null) {
      web.configure(nodeBuilder, gateBuilder);
    }
    ChatNode chatNode = nodeBuilder.build();
    GateServer gateServer = gateBuilder.build();
    if (web != null) {
      web.bind(gateServer, chatNode);
    }
    return ParleyServer.of(c, chatNode, gateServer, sessionCloser, admin);
  }

  private ChatNodeBuilder nodeOf(ParleyServerConfig c) {
    node.host(c.host()).userStore(c.users()).friendStore(c.friends()).messageStore(c.messages())
        .groupStore(c.groups()).presenceRegistry(c.presence()).tokenStore(c.tokens()).nodeDirectory(c.directory())
        .loginLock(c.loginLock())
        .rateLimiter(c.rateLimiter()).changeFeed(c.changeFeed()).limits(c.limits()).clock(c.clock()).meterRegistry(c.meters());
    if (advertisedHost != null) {
      node.advertisedHost(advertisedHost);
    }
    return node;
  }

  /** The gate's account service uses the verify role through its Java interface (no gRPC hop). */
  private GateServer.Builder gateOf(ParleyServerConfig c, PresenceSessionCloser sessionCloser) {
    VerificationService verification = new VerificationService(c.codes(), c.mail());
    AccountService accounts = new AccountService(c.users(), c.codes(), verification, c.tokens(), c.hasher(),
        c.rateLimiter(), c.directory(), c.limits(), sessionCloser);
    return gate.host(c.host()).accountService(accounts).limits(c.limits()).meterRegistry(c.meters());
  }
}
