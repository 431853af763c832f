package dev.parley.server;

import dev.parley.core.hooks.ChatEventListener;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.hooks.OfflinePushSender;
import dev.parley.core.hooks.Authenticator;
import dev.parley.server.identity.JwtAuthenticator;
import dev.parley.server.identity.JwtSettings;
import dev.parley.server.internal.node.CredentialLoginSettings;
import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.MessagePolicy;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.server.internal.cache.CacheSettings;
import dev.parley.server.internal.node.ChatNodeConfig;
import dev.parley.server.internal.node.HookSettings;
import dev.parley.server.internal.node.OfflinePushSettings;
import dev.parley.server.internal.node.PipelineSettings;
import dev.parley.server.internal.node.WebSocketSettings;
import dev.parley.server.internal.transport.AllowedOrigins;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link ChatNode}. The SPI instances are required: a node quietly running on private
 * in-memory presence or directory would split a cluster, so there are no defaults for them (the
 * all-in-one {@link ParleyServer} supplies in-memory ones). The group store alone defaults to an
 * in-memory one (added after the others, it must not break existing wiring; see {@link #groupStore}).
 * Everything else has a default. Each
 * setter checks its own argument; {@link #build()} checks the whole and freezes a copy.
 *
 * <p>Not thread-safe.
 */
public final class ChatNodeBuilder {
  private static final Logger log = LoggerFactory.getLogger(ChatNodeBuilder.class);
  private static final int DEFAULT_BLOCKING_QUEUE = 1024;
  /** How often a node re-verifies its sessions' tokens unless told otherwise. */
  public static final Duration DEFAULT_TOKEN_RECHECK_INTERVAL = Duration.ofSeconds(30);
  /** Entries each per-node cache (friendships, presence) holds at most unless told otherwise. */
  public static final int DEFAULT_CACHE_ENTRIES = 65_536;
  /** The TTL backstop of a cached friendship answer unless told otherwise. */
  public static final Duration DEFAULT_FRIENDSHIP_CACHE_TTL = Duration.ofSeconds(30);
  /** The TTL backstop of a cached group membership (member ids, one member) unless told otherwise. */
  public static final Duration DEFAULT_GROUP_MEMBER_CACHE_TTL = Duration.ofSeconds(30);
  /** The TTL backstop of a cached presence look-up unless told otherwise. */
  public static final Duration DEFAULT_PRESENCE_CACHE_TTL = Duration.ofSeconds(10);
  private String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
  private String host = BuilderChecks.DEFAULT_HOST;
  private int port;
  private String advertisedHost;
  private int internalPort;
  private UserStore userStore;
  private FriendStore friendStore;
  private MessageStore messageStore;
  private GroupStore groupStore;
  private BlockStore blockStore;
  private PresenceRegistry presenceRegistry;
  private TokenStore tokenStore;
  private NodeDirectory nodeDirectory;
  private LoginLock loginLock;
  private ChatLimits limits = ChatLimits.defaults();
  private Clock clock = Clock.systemUTC();
  private MeterRegistry meterRegistry;
  private int ioThreads;
  private int blockingThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  private int blockingQueueSize = DEFAULT_BLOCKING_QUEUE;
  private int maxPendingRequestsPerSession = 64;
  private Duration slowConsumerTimeout = Duration.ofSeconds(10);
  private long maxPendingWriteBytes = 1024 * 1024;
  private Duration nodeHeartbeatInterval = Duration.ofSeconds(5);
  private Duration presenceRefreshInterval = Duration.ofSeconds(10);
  private Duration peerCallTimeout = Duration.ofSeconds(3);
  private Duration tokenRecheckInterval = DEFAULT_TOKEN_RECHECK_INTERVAL;
  private Authenticator authenticator;
  private boolean jwtLoginAtNode;
  private boolean provisionUsers = true;
  private boolean offloadAllRequests;
  private boolean preferNativeTransport = true;
  private TlsSettings tls;
  private TlsSettings internalTls;
  private Duration warmUp = Duration.ZERO;
  private RateLimiter rateLimiter;
  private int maxUnauthenticatedPerAddress = 256;
  private ChangeFeed changeFeed;
  private CacheSettings friendshipCache = new CacheSettings(DEFAULT_CACHE_ENTRIES, DEFAULT_FRIENDSHIP_CACHE_TTL);
  private CacheSettings groupMemberCache = new CacheSettings(DEFAULT_CACHE_ENTRIES, DEFAULT_GROUP_MEMBER_CACHE_TTL);
  private CacheSettings presenceCache = new CacheSettings(DEFAULT_CACHE_ENTRIES, DEFAULT_PRESENCE_CACHE_TTL);
  private Integer webSocketPort;
  private AllowedOrigins webSocketOrigins;
  private MessageInterceptor messageInterceptor = MessageInterceptor.NONE;
  private MessagePolicy.Settings interceptorSettings = MessagePolicy.Settings.defaults();
  private ChatEventListener eventListener = ChatEventListener.NONE;
  private int eventQueueCapacity = HookSettings.DEFAULT_EVENT_QUEUE_CAPACITY;
  private OfflinePushSender offlinePush = OfflinePushSender.NONE;
  private PreviewMode pushPreview = OfflinePushSettings.DEFAULT_PREVIEW_MODE;
  private int pushPreviewLength = OfflinePushSettings.DEFAULT_PREVIEW_LENGTH;
  private int pushQueueCapacity = OfflinePushSettings.DEFAULT_QUEUE_CAPACITY;
  private int pushThreads = OfflinePushSettings.DEFAULT_THREADS;
  private Supplier<? extends Collection<String>> webSocketServerOrigins; // the all-in-one's own gate

  ChatNodeBuilder() {}

  /** This node's id in the directory and in presence bindings; default a random one. */
  public ChatNodeBuilder nodeId(String v) {
    nodeId = BuilderChecks.requireText("nodeId", v);
    return this;
  }

  /** The address both ports bind to; default 127.0.0.1. */
  public ChatNodeBuilder host(String v) {
    host = BuilderChecks.requireText("host", v);
    return this;
  }

  /** The client port; 0 (the default) picks a free one. */
  public ChatNodeBuilder port(int v) {
    port = BuilderChecks.port(v);
    return this;
  }

  /** The host clients and peers are told to use; default {@link #host}. Required when host is a wildcard. */
  public ChatNodeBuilder advertisedHost(String v) {
    advertisedHost = BuilderChecks.requireText("advertisedHost", v);
    return this;
  }

  /** The internal gRPC port; 0 (the default) picks a free one. */
  public ChatNodeBuilder internalPort(int v) {
    internalPort = BuilderChecks.port(v);
    return this;
  }

  /** Accounts; required. */
  public ChatNodeBuilder userStore(UserStore v) {
    userStore = Objects.requireNonNull(v, "userStore");
    return this;
  }

  /** Friend requests and friendships; required. */
  public ChatNodeBuilder friendStore(FriendStore v) {
    friendStore = Objects.requireNonNull(v, "friendStore");
    return this;
  }

  /** Messages and mailboxes; required. */
  public ChatNodeBuilder messageStore(MessageStore v) {
    messageStore = Objects.requireNonNull(v, "messageStore");
    return this;
  }

  /**
   * Groups, their members and logs. Default a new in-memory store of this node's own, which suits
   * a node alone (the in-memory {@link MessageStore} default of {@link ParleyServer} included); nodes
   * that share their message store must share this one too (e.g. {@code MysqlStorage.groups()}),
   * or each would hold other groups: {@link #build()} logs a warning for a blocking (shared) message
   * store without a group store.
   */
  public ChatNodeBuilder groupStore(GroupStore v) {
    groupStore = Objects.requireNonNull(v, "groupStore");
    return this;
  }

  /**
   * Who blocks whom (issue 15). Default a new in-memory store of this node's own; nodes that share
   * their stores must share this one too (e.g. {@code MysqlStorage.blockStore()}), or a block made
   * on one node would not hold on another.
   */
  public ChatNodeBuilder blockStore(BlockStore v) {
    blockStore = Objects.requireNonNull(v, "blockStore");
    return this;
  }

  /** Who is online where, shared by every node; required. */
  public ChatNodeBuilder presenceRegistry(PresenceRegistry v) {
    presenceRegistry = Objects.requireNonNull(v, "presenceRegistry");
    return this;
  }

  /** Session tokens the gate issued; required. */
  public ChatNodeBuilder tokenStore(TokenStore v) {
    tokenStore = Objects.requireNonNull(v, "tokenStore");
    return this;
  }

  /** Where the node registers and heartbeats, and finds its peers; required. */
  public ChatNodeBuilder nodeDirectory(NodeDirectory v) {
    nodeDirectory = Objects.requireNonNull(v, "nodeDirectory");
    return this;
  }

  /** The per-user lock serialising logins across nodes; required. */
  public ChatNodeBuilder loginLock(LoginLock v) {
    loginLock = Objects.requireNonNull(v, "loginLock");
    return this;
  }

  /**
   * Counts each user's directory look-ups (searches, strangers' profiles; see
   * {@link ChatLimits#directory()}). Default a private in-memory limiter, which counts per node:
   * in a cluster pass the shared one (e.g. Redis) so a user's budget holds across nodes.
   */
  public ChatNodeBuilder rateLimiter(RateLimiter v) {
    rateLimiter = Objects.requireNonNull(v, "rateLimiter");
    return this;
  }

  /** Frame size, timeouts, rates and page sizes; default {@link ChatLimits#defaults()}. */
  public ChatNodeBuilder limits(ChatLimits v) {
    limits = Objects.requireNonNull(v, "limits");
    return this;
  }

  /** The clock message timestamps and registrations use; default UTC system clock. */
  public ChatNodeBuilder clock(Clock v) {
    clock = Objects.requireNonNull(v, "clock");
    return this;
  }

  /** Where the node's meters go; default a private {@code SimpleMeterRegistry}. */
  public ChatNodeBuilder meterRegistry(MeterRegistry v) {
    meterRegistry = Objects.requireNonNull(v, "meterRegistry");
    return this;
  }

  /**
   * Before binding, run the node's request path for at most {@code v} on a throwaway in-memory node
   * in this JVM (logins and sends over loopback; see {@code NodeWarmUp}), so a freshly started node
   * has its hot code compiled before its first clients arrive. Default zero: no warm-up.
   */
  public ChatNodeBuilder warmUp(Duration v) {
    Objects.requireNonNull(v, "warmUp");
    if (v.isNegative()) {
      throw new IllegalArgumentException("warmUp must not be negative, was " + v);
    }
    warmUp = v;
    return this;
  }

  /** Netty I/O threads; 0 (the default) lets Netty choose (2 x cores). */
  public ChatNodeBuilder ioThreads(int v) {
    ioThreads = BuilderChecks.atLeast("ioThreads", v, 0);
    return this;
  }

  /**
   * Threads and queue bound of the executor that runs blocking service calls; default
   * max(4, 2 x cores) threads and 1024 queued. Each session's requests run one after another on it,
   * so the queue holds at most one entry per session with work ready (not one per request; a
   * session's further requests wait in its own queue, {@link #maxPendingRequestsPerSession}); when
   * it is full a request is refused UNAVAILABLE.
   *
   * <p>A SendMessage holds a thread only for its checks and authorisation (a friendship look-up) and
   * the hand-off to {@link MessageStore#appendAsync}; while it waits for its append (MySQL's group
   * commit, the fsync of the batch) it holds no thread and no queue entry, so the number of sends in
   * flight, and the size of the batches, is not bounded by these threads. They bound the requests
   * that still block on the SPIs throughout: login, sync, history, conversations, ack, friends and
   * profile requests. That is why the default stays small: raise it only for a workload heavy in
   * those (many logins or syncs at once, e.g. after a restart), and keep it near the database pool
   * size: threads beyond its connections mostly wait for one.
   */
  public ChatNodeBuilder blockingWork(int threads, int queueSize) {
    blockingThreads = BuilderChecks.atLeast("threads", threads, 1);
    blockingQueueSize = BuilderChecks.atLeast("queueSize", queueSize, 1);
    return this;
  }

  /**
   * {@code threads} threads for blocking service calls (with blocking backends, the concurrency of
   * every request but the wait of a SendMessage for its append; see {@link #blockingWork}), with a
   * queue bound of max(1024, 4 x threads) so the queue grows with them.
   */
  public ChatNodeBuilder blockingThreads(int threads) {
    return blockingWork(threads, Math.max(DEFAULT_BLOCKING_QUEUE, 4 * threads));
  }

  /**
   * Where requests run. By default a node whose user, friend and message stores, presence registry,
   * token store, login lock, rate limiter and node directory are all {@link NonBlocking} (the in-memory ones),
   * and that has no {@link #messageInterceptor} (or a {@link NonBlocking} one),
   * answers requests on the connection's event loop and pushes from there, which saves two thread hand-offs per request;
   * with any blocking implementation (MySQL, Redis, a StatusClient) requests go to the blocking-work
   * threads. {@code true} sends them to the blocking-work threads in every case.
   */
  public ChatNodeBuilder offloadAllRequests(boolean v) {
    offloadAllRequests = v;
    return this;
  }

  /** Use native epoll when the platform has it (default true); false always uses NIO. */
  public ChatNodeBuilder preferNativeTransport(boolean v) {
    preferNativeTransport = v;
    return this;
  }

  /**
   * Requests one session may have waiting behind the one it is running (a SendMessage waiting for
   * its append counts as running); more are refused UNAVAILABLE. Default 64.
   */
  public ChatNodeBuilder maxPendingRequestsPerSession(int v) {
    maxPendingRequestsPerSession = BuilderChecks.atLeast("maxPendingRequestsPerSession", v, 1);
    return this;
  }

  /** How long a client may leave its connection unwritable (not reading) before it is dropped; default 10 s. */
  public ChatNodeBuilder slowConsumerTimeout(Duration v) {
    slowConsumerTimeout = BuilderChecks.positive("slowConsumerTimeout", v);
    return this;
  }

  /** Unsent output per connection above which a push drops it at once; default 1 MiB. */
  public ChatNodeBuilder maxPendingWriteBytes(long v) {
    maxPendingWriteBytes = BuilderChecks.atLeast("maxPendingWriteBytes", v, 64 * 1024);
    return this;
  }

  /** How often the node heartbeats its load to the directory; default 5 s. */
  public ChatNodeBuilder nodeHeartbeatInterval(Duration v) {
    nodeHeartbeatInterval = BuilderChecks.positive("nodeHeartbeatInterval", v);
    return this;
  }

  /** How often the node refreshes its users' presence; keep it well under the registry's TTL. Default 10 s. */
  public ChatNodeBuilder presenceRefreshInterval(Duration v) {
    presenceRefreshInterval = BuilderChecks.positive("presenceRefreshInterval", v);
    return this;
  }

  /** Deadline of Deliver and Kick calls to other nodes; default 3 s. */
  public ChatNodeBuilder peerCallTimeout(Duration v) {
    peerCallTimeout = BuilderChecks.positive("peerCallTimeout", v);
    return this;
  }

  /**
   * Connections one client address (an IPv6 client: its /64) may hold open before they log in; more
   * are closed as they are accepted and counted in {@code parley_connections_refused_total}. A
   * connection stops counting when it logs in (logged-in sessions are bounded by accounts and the
   * one-session-per-user rule) or closes, and {@link ChatLimits#loginTimeout()} closes it if it
   * never does. Default 256.
   */
  public ChatNodeBuilder maxUnauthenticatedPerAddress(int v) {
    maxUnauthenticatedPerAddress = BuilderChecks.positive("maxUnauthenticatedPerAddress", v);
    return this;
  }

  /**
   * How often the node re-verifies the token of every logged-in session and kicks those whose token
   * was revoked (the backstop behind the direct kick of a password reset; one token verify per
   * session per interval). Default {@link #DEFAULT_TOKEN_RECHECK_INTERVAL}.
   */
  public ChatNodeBuilder tokenRecheckInterval(Duration v) {
    tokenRecheckInterval = BuilderChecks.positive("tokenRecheckInterval", v);
    return this;
  }

  /**
   * How the nodes of a deployment tell each other that a friendship or a presence binding changed
   * (the Redis one, {@code RedisCache.changeFeed()}, for nodes in several processes; an
   * {@code InMemoryChangeFeed} shared by nodes in one JVM). With it the node answers the
   * friendship check of every send and the presence look-up of every push from its own caches
   * (see {@link #friendshipCache} and {@link #presenceCache}) in front of a blocking friend store or
   * presence registry. Default none: no caches, every check reads the backend. Every node sharing
   * the backends must share the feed: a node without it does not tell the others of its changes.
   */
  public ChatNodeBuilder changeFeed(ChangeFeed v) {
    changeFeed = Objects.requireNonNull(v, "changeFeed");
    return this;
  }

  /**
   * Bound and TTL backstop of the friendship cache (used with a {@link #changeFeed}): a removed
   * friend is refused on every node within the feed's delay, and within {@code ttl} even when feed
   * notices were lost. {@code maxEntries} 0 turns it off. Default {@value #DEFAULT_CACHE_ENTRIES}
   * entries, 30 s.
   */
  public ChatNodeBuilder friendshipCache(int maxEntries, Duration ttl) {
    BuilderChecks.atLeast("maxEntries", maxEntries, 0);
    friendshipCache = new CacheSettings(maxEntries, BuilderChecks.positive("ttl", ttl));
    return this;
  }

  /**
   * Bound and TTL backstop of the group membership cache (used with a {@link #changeFeed}, in front
   * of a blocking {@link #groupStore}): the member ids every group message fans out to and each
   * sender's membership (role, mute) come from it. A membership change is seen on every node within
   * the feed's delay, and within {@code ttl} even when feed notices were lost; the store still
   * refuses an append by a removed member. {@code maxEntries} 0 turns it off. Default
   * {@value #DEFAULT_CACHE_ENTRIES} entries, 30 s.
   */
  public ChatNodeBuilder groupMemberCache(int maxEntries, Duration ttl) {
    BuilderChecks.atLeast("maxEntries", maxEntries, 0);
    groupMemberCache = new CacheSettings(maxEntries, BuilderChecks.positive("ttl", ttl));
    return this;
  }

  /**
   * Bound and TTL backstop of the presence cache (used with a {@link #changeFeed}): a push finds a
   * new binding within the feed's delay, and a binding that expired without an unbind (a crashed
   * node) is forgotten at most {@code ttl} after the registry forgot it. {@code maxEntries} 0 turns
   * it off. Default {@value #DEFAULT_CACHE_ENTRIES} entries, 10 s.
   */
  public ChatNodeBuilder presenceCache(int maxEntries, Duration ttl) {
    BuilderChecks.atLeast("maxEntries", maxEntries, 0);
    presenceCache = new CacheSettings(maxEntries, BuilderChecks.positive("ttl", ttl));
    return this;
  }

  /**
   * TLS on the client port (PEM files, optional client certificates; see {@link TlsSettings}).
   * Without it the port is plaintext, which suits loopback and tests; a node reachable from a
   * network should always have it.
   */
  public ChatNodeBuilder tls(TlsSettings v) {
    tls = Objects.requireNonNull(v, "tls");
    return this;
  }

  /**
   * Also listen for WebSocket clients on {@code v} (0 picks a free one; see
   * {@link ChatNode#webSocketPort()}), path {@code /ws}: the same sessions as the client port (login
   * by token, limits, rate limits, kicks, error codes), one {@code parley.v1.Frame} per message,
   * binary (protobuf) or text (its proto3 JSON). With {@link #tls} the port uses the same TLS
   * ({@code wss://}). Default: no WebSocket listener.
   */
  public ChatNodeBuilder webSocketPort(int v) {
    webSocketPort = BuilderChecks.port(v);
    return this;
  }

  /**
   * The browser origins the WebSocket port accepts upgrades from: exact {@code scheme://host[:port]}
   * values, or {@code "*"} for any. An upgrade without an {@code Origin} header (not a browser) is
   * always accepted; one from another origin gets 403. Default: origins whose host is the
   * {@link #advertisedHost}, on any scheme and port.
   *
   * @throws IllegalArgumentException when a value is neither {@code "*"} nor {@code scheme://host[:port]}
   */
  public ChatNodeBuilder webSocketAllowedOrigins(Collection<String> v) {
    Objects.requireNonNull(v, "webSocketAllowedOrigins");
    webSocketOrigins = AllowedOrigins.of(v);
    return this;
  }

  /**
   * TLS for the node's internal gRPC: one settings object, a cluster member's certificate (signed
   * by the cluster CA, usable as server and client), used both for the node's internal gRPC server
   * (other nodes' and the gates' Deliver and Kick calls) and for its own calls to the other nodes.
   * With {@link TlsSettings.ClientAuth#REQUIRE} and the cluster CA as trusted certificates it is
   * mutual TLS, so only cluster members can call Deliver and Kick. The trusted certificates are
   * required (they check the peers' server certificates); the node's {@link #nodeDirectory} is
   * separate: give a {@link StatusClient} the same settings with {@link StatusClient.Builder#tls}.
   * Read once at start (a changed certificate needs a restart). Without it internal gRPC is plaintext.
   */
  public ChatNodeBuilder internalTls(TlsSettings v) {
    v = Objects.requireNonNull(v, "internalTls");
    if (v.trustedCertificates().isEmpty()) {
      throw new IllegalArgumentException("internalTls needs trustedCertificates (the cluster CA), "
          + "which the node's calls to its peers check their certificates against");
    }
    internalTls = v;
    return this;
  }

  /**
   * Checks every 1:1 and group message this node stores, after it is authorised and before it is
   * stored: accept, reject ({@code REJECTED_BY_POLICY} with the interceptor's reason) or replace the
   * text (checked against the text limits again). It runs on its own bounded executor
   * ({@link #interceptorThreads}) with a deadline ({@link #interceptorTimeout}); a check that times
   * out, finds the executor full or throws fails the send with {@code UNAVAILABLE} and is counted in
   * {@code parley_interceptor_failures_total}. Because a send then waits for it, a node with an
   * interceptor runs requests on its blocking-work threads, never on the event loops, unless the
   * interceptor is marked {@link NonBlocking} (then it runs on the calling thread and its deadline is
   * only checked once it returns). Must be thread-safe. Default none.
   */
  public ChatNodeBuilder messageInterceptor(MessageInterceptor v) {
    messageInterceptor = Objects.requireNonNull(v, "messageInterceptor");
    return this;
  }

  /** The longest a send waits for the {@link #messageInterceptor}'s verdict, queueing included; default 200 ms. */
  public ChatNodeBuilder interceptorTimeout(Duration v) {
    interceptorSettings = interceptorSettings.withTimeout(BuilderChecks.positive("interceptorTimeout", v));
    return this;
  }

  /**
   * Threads of the {@link #messageInterceptor}'s executor and the checks that may wait for one; past
   * that a send fails {@code UNAVAILABLE} at once (reason {@code saturated}). Default
   * {@value MessagePolicy.Settings#DEFAULT_THREADS} threads, {@value MessagePolicy.Settings#DEFAULT_QUEUE_SIZE} waiting.
   */
  public ChatNodeBuilder interceptorThreads(int threads, int queueSize) {
    interceptorSettings = interceptorSettings.withExecutor(BuilderChecks.atLeast("threads", threads, 1),
        BuilderChecks.atLeast("queueSize", queueSize, 1));
    return this;
  }

  /**
   * Tells the host about messages for users who are offline (a phone notification): for each
   * recipient of a stored message (1:1, or every group member but the sender) whom the node's push
   * reached with no unmuted session (none live, every one muted with {@code MuteSessionRequest}, or
   * the delivery reached none), {@code v} is called once with an {@link
   * dev.parley.core.hooks.OfflinePush}: names and preview as {@link #pushPreview} allows, the
   * recipient's unread count. Called from a bounded queue on its own threads (see {@link
   * #offlinePushQueue}), never on the request path; when the queue is full the push is dropped and
   * counted. {@link dev.parley.server.push.WebhookPushSender} POSTs each as signed JSON. Default
   * {@link OfflinePushSender#NONE}: nothing is tracked or queued.
   */
  public ChatNodeBuilder offlinePush(OfflinePushSender v) {
    offlinePush = Objects.requireNonNull(v, "offlinePush");
    return this;
  }

  /**
   * The authenticator that checks a host credential sent in {@code Login.jwt}, used only with
   * {@link #jwtLoginAtNode}(true). For JWTs see {@link #jwt}.
   */
  public ChatNodeBuilder authenticator(Authenticator v) {
    authenticator = Objects.requireNonNull(v, "authenticator");
    return this;
  }

  /** {@link #authenticator} with a {@link JwtAuthenticator} for {@code settings}. */
  public ChatNodeBuilder jwt(JwtSettings settings) {
    return authenticator(new JwtAuthenticator(settings));
  }

  /**
   * Whether {@code Login} may carry a host JWT instead of a session token (default false: such a
   * Login is refused UNAUTHORIZED): the node checks it with the {@link #authenticator}, finds or
   * provisions the account, issues a Parley session token for the device and answers it in
   * {@code LoginResponse.session_token}, so an app server's client logs in without a gate round trip.
   */
  public ChatNodeBuilder jwtLoginAtNode(boolean v) {
    jwtLoginAtNode = v;
    return this;
  }

  /**
   * Tells the host what this node stored and saw (a stored 1:1 or group message, a friend added or
   * removed, a group changed, a user online or offline), off the request path: events go on one
   * bounded queue ({@link #eventQueueCapacity}) that one daemon thread empties into {@code v}; when
   * it is full, events are dropped and counted ({@code parley_host_events_dropped_total}). A listener
   * that throws is logged and the next event still comes. Each node tells what it did, so with the
   * same listener on every node of a cluster each stored message is heard once. Default none.
   */
  public ChatNodeBuilder eventListener(ChatEventListener v) {
    eventListener = Objects.requireNonNull(v, "eventListener");
    return this;
  }

  /** Events the {@link #eventListener}'s queue holds; default {@value HookSettings#DEFAULT_EVENT_QUEUE_CAPACITY}. */
  public ChatNodeBuilder eventQueueCapacity(int v) {
    eventQueueCapacity = BuilderChecks.atLeast("eventQueueCapacity", v, 1);
    return this;
  }

  /**
   * How much an offline push shows: {@link PreviewMode#NONE} (ids only: no sender, group name or
   * text), {@link PreviewMode#SENDER} (the sender's and group's names; the default, as a lock
   * screen is not private) or {@link PreviewMode#TEXT} (also the text, cut to {@link #pushPreviewLength}).
   */
  public ChatNodeBuilder pushPreview(PreviewMode v) {
    pushPreview = Objects.requireNonNull(v, "pushPreview");
    return this;
  }

  /** Code points of text a {@link PreviewMode#TEXT} preview keeps ("…" marks a cut); default 100. */
  public ChatNodeBuilder pushPreviewLength(int v) {
    pushPreviewLength = BuilderChecks.atLeast("pushPreviewLength", v, 1);
    return this;
  }

  /**
   * The offline push dispatcher: up to {@code capacity} pushes wait (more are dropped and counted
   * in {@code parley_offline_push_dropped_total}) for {@code threads} threads, which read names and
   * unread counts and call the sender. Default 10000 and 2.
   */
  public ChatNodeBuilder offlinePushQueue(int capacity, int threads) {
    pushQueueCapacity = BuilderChecks.atLeast("capacity", capacity, 1);
    pushThreads = BuilderChecks.atLeast("threads", threads, 1);
    return this;
  }

  /**
   * Whether a JWT login at this node makes an account for a host user seen for the first time
   * (default true); false refuses them INVALID_CREDENTIALS, as a bad token.
   */
  public ChatNodeBuilder provisionUsers(boolean v) {
    provisionUsers = v;
    return this;
  }

  /** Checks that every SPI is set and freezes the configuration. */
  public ChatNode build() {
    if (jwtLoginAtNode && authenticator == null) {
      throw new IllegalStateException("jwtLoginAtNode(true) needs an authenticator (or jwt settings)");
    }
    BuilderChecks.requireSet("userStore", userStore);
    BuilderChecks.requireSet("friendStore", friendStore);
    BuilderChecks.requireSet("messageStore", messageStore);
    BuilderChecks.requireSet("presenceRegistry", presenceRegistry);
    BuilderChecks.requireSet("tokenStore", tokenStore);
    BuilderChecks.requireSet("nodeDirectory", nodeDirectory);
    BuilderChecks.requireSet("loginLock", loginLock);
    String advertised = advertisedHost != null ? advertisedHost : host;
    if (advertisedHost == null && BuilderChecks.isWildcard(host)) {
      throw new IllegalStateException("host " + host + " is a wildcard; set advertisedHost");
    }
    RateLimiter limiter = rateLimiter != null ? rateLimiter : new InMemoryRateLimiter(clock);
    GroupStore groups = groupStore != null ? groupStore : defaultGroupStore();
    BlockStore blocks = blockStore != null ? blockStore : new InMemoryBlockStore();
    return new ChatNode(new ChatNodeConfig(nodeId, host, port, advertised, internalPort, userStore, friendStore,
        messageStore, groups, presenceRegistry, tokenStore, nodeDirectory, loginLock, limits, clock,
        meterRegistry != null ? meterRegistry : new SimpleMeterRegistry(), ioThreads, blockingThreads,
        blockingQueueSize, new PipelineSettings(limits, slowConsumerTimeout, maxPendingWriteBytes,
        maxPendingRequestsPerSession), nodeHeartbeatInterval, presenceRefreshInterval, peerCallTimeout,
        !offloadAllRequests && NonBlocking.all(userStore, friendStore, messageStore, groups, presenceRegistry,
            tokenStore, loginLock, limiter, nodeDirectory, blocks) && MessagePolicy.runsOnCallingThread(messageInterceptor),
            preferNativeTransport, limiter,
            maxUnauthenticatedPerAddress, tokenRecheckInterval, changeFeed, friendshipCache, groupMemberCache,
            presenceCache, tls, webSocket(advertised), internalTls,
            new HookSettings(messageInterceptor, interceptorSettings, eventListener, eventQueueCapacity),
            jwtLoginAtNode ? new CredentialLoginSettings(authenticator, provisionUsers) : null,
            new OfflinePushSettings(offlinePush, pushPreview, pushPreviewLength, pushQueueCapacity, pushThreads),
            blocks),
        warmUp);
  }

  private GroupStore defaultGroupStore() {
    if (!(messageStore instanceof NonBlocking)) {
      log.warn("chat node {}: a shared (blocking) message store but no groupStore; groups live in this node's "
          + "memory only. Pass the deployment's group store (e.g. MysqlStorage.groups()) to groupStore(...)", nodeId);
    }
    return new InMemoryGroupStore();
  }

  private WebSocketSettings webSocket(String advertised) {
    if (webSocketPort == null) {
      return null;
    }
    AllowedOrigins origins = webSocketOrigins != null ? webSocketOrigins
        : webSocketServerOrigins != null ? AllowedOrigins.of(List.of()) : AllowedOrigins.sameHost(advertised);
    return new WebSocketSettings(webSocketPort,
        webSocketServerOrigins != null ? origins.plus(webSocketServerOrigins) : origins);
  }

  /** True when {@link #webSocketPort} was set. */
  boolean hasWebSocketPort() {
    return webSocketPort != null;
  }

  /**
   * For the all-in-one server: its gate's origins, allowed on top of {@link #webSocketAllowedOrigins}
   * (asked on each upgrade), and instead of the advertised-host default when none were given.
   */
  ChatNodeBuilder webSocketServerOrigins(Supplier<? extends Collection<String>> origins) {
    webSocketServerOrigins = Objects.requireNonNull(origins, "origins");
    return this;
  }
}
