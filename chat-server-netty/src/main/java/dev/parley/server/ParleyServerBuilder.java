package dev.parley.server;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.crypto.BoundedPasswordHasher;
import dev.parley.core.mail.ConsoleMailSender;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.FriendStore;
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

/**
 * Configures a {@link ParleyServer}. Every backend not given is the in-memory one (made at
 * {@link #build()} with the configured clock and limits); mail goes to the console and passwords
 * are hashed with {@link Argon2PasswordHasher#defaults()}, one call per core at a time
 * ({@link BoundedPasswordHasher#forCores}), unless told otherwise.
 *
 * <p>Not thread-safe; {@link #build()} freezes a copy.
 */
public final class ParleyServerBuilder {
  /** Presence TTL of the in-memory registry; the node refreshes every 10 s, well within it. */
  static final Duration PRESENCE_TTL = Duration.ofSeconds(60);
  /** Staleness of the in-memory node directory: DESIGN §7, three missed 5 s node heartbeats. */
  static final Duration NODE_STALE_AFTER = Duration.ofSeconds(15);

  private String host = "127.0.0.1";
  private int gatePort;
  private int chatPort;
  private String advertisedHost;
  private String nodeId = "chat-1";
  private ChatLimits limits = ChatLimits.defaults();
  private Clock clock = Clock.systemUTC();
  private UserStore users;
  private FriendStore friends;
  private MessageStore messages;
  private PresenceRegistry presence;
  private TokenStore tokens;
  private VerificationCodes codes;
  private NodeDirectory directory;
  private RateLimiter rateLimiter;
  private LoginLock loginLock;
  private MailSender mail;
  private PasswordHasher hasher;
  private PrometheusMeterRegistry meters;
  private int ioThreads;
  private int blockingThreads; // 0: the chat node's default
  private int blockingQueueSize; // 0: derived from the threads

  ParleyServerBuilder() {}

  /** The chat node's Netty I/O threads; 0 (the default) lets Netty choose (2 x cores). */
  public ParleyServerBuilder ioThreads(int v) {
    ioThreads = BuilderChecks.atLeast("ioThreads", v, 0);
    return this;
  }

  /**
   * Threads and queue bound of the chat node's blocking-work executor, which runs requests when a
   * backend blocks (MySQL, Redis): each thread carries one request at a time, so a node's request
   * concurrency is {@code threads}. Default: max(4, 2 x cores) threads, 1024 queued.
   */
  public ParleyServerBuilder blockingWork(int threads, int queueSize) {
    blockingThreads = BuilderChecks.atLeast("threads", threads, 1);
    blockingQueueSize = BuilderChecks.atLeast("queueSize", queueSize, 1);
    return this;
  }

  /** The chat node's {@link ChatNodeBuilder#blockingThreads}: {@code threads}, queue bound derived from them. */
  public ParleyServerBuilder blockingThreads(int threads) {
    blockingThreads = BuilderChecks.atLeast("threads", threads, 1);
    blockingQueueSize = 0;
    return this;
  }

  /** Address both servers bind to; default 127.0.0.1. */
  public ParleyServerBuilder host(String v) {
    host = BuilderChecks.requireText("host", v);
    return this;
  }

  /** HTTP gate port; 0 (the default) picks a free one. */
  public ParleyServerBuilder gatePort(int v) {
    gatePort = BuilderChecks.port(v);
    return this;
  }

  /** Chat TCP port; 0 (the default) picks a free one. */
  public ParleyServerBuilder chatPort(int v) {
    chatPort = BuilderChecks.port(v);
    return this;
  }

  /** Host the gate tells clients to connect to; default the bind host (required for a wildcard). */
  public ParleyServerBuilder advertisedHost(String v) {
    advertisedHost = BuilderChecks.requireText("advertisedHost", v);
    return this;
  }

  public ParleyServerBuilder nodeId(String v) {
    nodeId = BuilderChecks.requireText("nodeId", v);
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

  /** Where verification mails go; default {@link ConsoleMailSender} (stdout). */
  public ParleyServerBuilder mailSender(MailSender v) {
    mail = Objects.requireNonNull(v, "mailSender");
    return this;
  }

  public ParleyServerBuilder passwordHasher(PasswordHasher v) {
    hasher = Objects.requireNonNull(v, "passwordHasher");
    return this;
  }

  /** Registry for the gate's and node's meters, served at {@code /metrics}; default a new one. */
  public ParleyServerBuilder meterRegistry(PrometheusMeterRegistry v) {
    meters = Objects.requireNonNull(v, "meterRegistry");
    return this;
  }

  /** Resolves every backend not given to its in-memory default and freezes the configuration. */
  public ParleyServer build() {
    if (advertisedHost == null && (host.equals("0.0.0.0") || host.equals("::"))) {
      throw new IllegalStateException("host " + host + " is a wildcard; set advertisedHost for clients");
    }
    String advertised = advertisedHost != null ? advertisedHost : host;
    return ParleyServer.of(new ParleyServerConfig(host, gatePort, chatPort, advertised, nodeId, limits, clock,
        users != null ? users : new InMemoryUserStore(clock),
        friends != null ? friends : new InMemoryFriendStore(clock),
        messages != null ? messages : new InMemoryMessageStore(),
        presence != null ? presence : new InMemoryPresenceRegistry(PRESENCE_TTL, clock),
        tokens != null ? tokens : new InMemoryTokenStore(limits.tokenTtl(), clock),
        codes != null ? codes : new InMemoryVerificationCodes(Duration.ofMinutes(10), 5, Duration.ofSeconds(60), clock),
        directory != null ? directory : new InMemoryNodeDirectory(NODE_STALE_AFTER, clock),
        rateLimiter != null ? rateLimiter : new InMemoryRateLimiter(clock),
        loginLock != null ? loginLock : new InMemoryLoginLock(),
        mail != null ? mail : new ConsoleMailSender(),
        hasher != null ? hasher : BoundedPasswordHasher.forCores(Argon2PasswordHasher.defaults()),
        meters != null ? meters : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        ioThreads, blockingThreads, blockingQueueSize));
  }
}
