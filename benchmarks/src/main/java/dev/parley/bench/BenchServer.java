package dev.parley.bench;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.bench.internal.BenchTls;
import dev.parley.bench.internal.ControlEndpoint;
import dev.parley.bench.internal.ExternalBackends;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.GroupLimits;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.server.ParleyServer;
import dev.parley.server.ParleyServerBuilder;
import dev.parley.server.TlsSettings;
import dev.parley.server.internal.tls.ServerTls;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * An all-in-one {@link ParleyServer} set up for load tests, seeded through the embedding API only:
 * {@link ParleyServer#seedUsers} creates the users (one Argon2id hash at the production cost, made
 * once by the server's own hasher and shared by all),
 * {@link ParleyServer#seedFriendPairs} befriends users {@code 2i} and {@code 2i+1}, and each user
 * gets a session token from the {@link TokenStore} the server was built with (the same SPI the
 * gate's login uses after checking the password). Load modes therefore log in to the chat node
 * directly with those tokens: they measure the chat node's login (token check, presence bind,
 * login reply), not the gate's password hashing. The password is in the seed file too, for
 * {@code --gate} and {@code --gate-login} logins, which the gate verifies at the production cost with
 * its production hashing pool ({@code BoundedPasswordHasher.forCores}), like any default server.
 *
 * <p>Differences from a default server, all for load: the per-connection request rate limit is
 * {@link Options#messagesPerSecond} (default 100,000 instead of 50) and the gate's login attempt
 * limits are lifted; for the group mode, strangers may be allowed and the group limits changed
 * ({@link Options#withGroups}); everything else is the production default. Plus a loopback control endpoint
 * ({@link ControlEndpoint}) and JVM/process gauges on {@code /metrics}. The control endpoint can
 * also restart the node in this JVM ({@link #restartNode}) for reconnect storms.
 *
 * <p>Thread-safe; {@link #close()} stops everything and is idempotent.
 */
public final class BenchServer implements AutoCloseable {
  /** The password of every seeded user (a bench-only secret; the users exist only in this run). */
  public static final String PASSWORD = "bench-password-1";

  /**
   * How to start. {@code backend} is "memory" or "mysql-redis"; {@code warmUp} is the chat node's (zero: none);
   * {@code tlsEngine} null keeps the chat port plaintext, else the port speaks TLS with that engine and a
   * certificate made at start ({@link BenchTls}); {@code loginPolicy} is the deployment's
   * {@code ChatLimits.loginPolicy} (null: the default, {@link LoginPolicy#onePerPlatform()});
   * {@code allowStrangers} is {@code ChatLimits.allowStrangers} (default false) and {@code groupLimits}
   * {@code ChatLimits.groups} (null: the default, {@link GroupLimits#defaults()}), for the group mode.
   */
  public record Options(int users, String backend, String host, int gatePort, int chatPort, int messagesPerSecond,
      int blockingThreads, int dbPool, int ioThreads, Duration warmUp, TlsSettings.Engine tlsEngine,
      LoginPolicy loginPolicy, boolean allowStrangers, GroupLimits groupLimits) {
    public Options {
      loginPolicy = loginPolicy == null ? LoginPolicy.onePerPlatform() : loginPolicy;
      groupLimits = groupLimits == null ? GroupLimits.defaults() : groupLimits;
    }

    public Options(int users, String backend, String host, int gatePort, int chatPort, int messagesPerSecond,
        int blockingThreads, int dbPool, int ioThreads, Duration warmUp, TlsSettings.Engine tlsEngine,
        LoginPolicy loginPolicy) {
      this(users, backend, host, gatePort, chatPort, messagesPerSecond, blockingThreads, dbPool, ioThreads, warmUp,
          tlsEngine, loginPolicy, false, null);
    }

    public Options(int users, String backend, String host, int gatePort, int chatPort, int messagesPerSecond,
        int blockingThreads, int dbPool, int ioThreads, Duration warmUp, TlsSettings.Engine tlsEngine) {
      this(users, backend, host, gatePort, chatPort, messagesPerSecond, blockingThreads, dbPool, ioThreads, warmUp,
          tlsEngine, null);
    }

    public Options(int users, String backend, String host, int gatePort, int chatPort, int messagesPerSecond,
        int blockingThreads, int dbPool, int ioThreads, Duration warmUp) {
      this(users, backend, host, gatePort, chatPort, messagesPerSecond, blockingThreads, dbPool, ioThreads, warmUp, null);
    }

    public Options(int users, String backend, String host, int gatePort, int chatPort, int messagesPerSecond,
        int blockingThreads, int dbPool, int ioThreads) {
      this(users, backend, host, gatePort, chatPort, messagesPerSecond, blockingThreads, dbPool, ioThreads, Duration.ZERO);
    }

    public static Options inMemory(int users) {
      return new Options(users, "memory", "127.0.0.1", 0, 0, 100_000, 0, 0, 0);
    }

    /** This with another login policy. */
    public Options withLoginPolicy(LoginPolicy policy) {
      return new Options(users, backend, host, gatePort, chatPort, messagesPerSecond, blockingThreads, dbPool,
          ioThreads, warmUp, tlsEngine, policy, allowStrangers, groupLimits);
    }

    /** This with strangers allowed or not and other group limits (null: the defaults). */
    public Options withGroups(boolean strangers, GroupLimits limits) {
      return new Options(users, backend, host, gatePort, chatPort, messagesPerSecond, blockingThreads, dbPool,
          ioThreads, warmUp, tlsEngine, loginPolicy, strangers, limits);
    }
  }

  private final Options options;
  private final ExternalBackends external;
  private final Stores stores;
  private final BenchTls.Files tlsFiles;
  private final TlsSettings tls;
  private volatile ParleyServer server;
  private ControlEndpoint control;
  private SeedFile seed;

  private BenchServer(Options options, ExternalBackends external, Stores stores) {
    this.options = options;
    this.external = external;
    this.stores = stores;
    this.tlsFiles = options.tlsEngine() == null ? null : BenchTls.generate();
    this.tls = tlsFiles == null ? null : TlsSettings.builder().certificateChain(tlsFiles.chainFile())
        .privateKey(tlsFiles.keyFile()).engine(options.tlsEngine()).build();
  }

  /**
   * The backends every start of the server gets, the same instances each time, so a node restart
   * ({@link #restartNode}) keeps users, friends, mailboxes, groups, tokens and presence, as MySQL and Redis
   * would outlive a node process.
   */
  private record Stores(UserStore users, TokenStore tokens, UnaryOperator<ParleyServerBuilder> others) {
    static Stores inMemory() {
      Clock clock = Clock.systemUTC();
      InMemoryFriendStore friends = new InMemoryFriendStore(clock);
      InMemoryMessageStore messages = new InMemoryMessageStore();
      InMemoryPresenceRegistry presence = new InMemoryPresenceRegistry(PresenceRegistry.DEFAULT_TTL, clock);
      InMemoryVerificationCodes codes = new InMemoryVerificationCodes();
      InMemoryNodeDirectory directory = new InMemoryNodeDirectory(NodeDirectory.DEFAULT_STALE_AFTER, clock);
      InMemoryRateLimiter rateLimiter = new InMemoryRateLimiter(clock);
      InMemoryLoginLock loginLock = new InMemoryLoginLock();
      InMemoryGroupStore groups = new InMemoryGroupStore();
      InMemoryBlockStore blocks = new InMemoryBlockStore();
      return new Stores(new InMemoryUserStore(clock), new InMemoryTokenStore(InMemoryTokenStore.DEFAULT_TTL, clock),
          b -> b.friendStore(friends).messageStore(messages).presenceRegistry(presence).verificationCodes(codes)
              .nodeDirectory(directory).rateLimiter(rateLimiter).loginLock(loginLock).groupStore(groups)
              .blockStore(blocks));
    }

    static Stores external(ExternalBackends e) {
      return new Stores(e.storage().userStore(), e.cache().tokens(),
          b -> b.friendStore(e.storage().friendStore()).messageStore(e.storage().messageStore())
              .groupStore(e.storage().groupStore()).blockStore(e.storage().blockStore())
              .presenceRegistry(e.cache().presence()).verificationCodes(e.cache().verificationCodes())
              .nodeDirectory(e.cache().nodeDirectory()).rateLimiter(e.cache().rateLimiter())
              .loginLock(e.cache().loginLock()).changeFeed(e.cache().changeFeed()));
    }
  }

  /** Starts the server and seeds {@code users} users (rounded up to an even number). */
  public static BenchServer start(Options o) {
    if (o.users() < 2) {
      throw new IllegalArgumentException("--users must be at least 2, was " + o.users());
    }
    ExternalBackends external = switch (o.backend()) {
      case "memory" -> null;
      case "mysql-redis" -> ExternalBackends.create(NodeTuning.dbPoolOrDefault(o.dbPool()));
      default -> throw new IllegalArgumentException("--backend must be memory or mysql-redis, was " + o.backend());
    };
    BenchServer bench = new BenchServer(o, external, external != null ? Stores.external(external) : Stores.inMemory());
    try {
      bench.server = bench.newServer(o.gatePort(), o.chatPort()).start();
      bindJvmMeters(bench.server);
      bench.control = new ControlEndpoint(() -> bench.server.chatNode().connectionCount(), bench::restartNode);
      bench.seed = seed(bench.server, bench.stores, o, bench.control.url(), external, bench.tlsFiles);
      return bench;
    } catch (IOException e) {
      bench.stopQuietly();
      throw new UncheckedIOException("cannot open the control endpoint", e);
    } catch (RuntimeException e) {
      bench.stopQuietly();
      throw e;
    }
  }

  private ParleyServer newServer(int gatePort, int chatPort) {
    ParleyServerBuilder b = ParleyServer.builder().host(options.host()).gatePort(gatePort).chatPort(chatPort)
        .nodeId("bench-chat-1").limits(limits(options.messagesPerSecond()).withLoginPolicy(options.loginPolicy())
            .withAllowStrangers(options.allowStrangers()).withGroups(options.groupLimits()));
    b.ioThreads(options.ioThreads()).chatNode(n -> {
      n.warmUp(options.warmUp());
      if (tls != null) {
        n.tls(tls);
      }
    });
    if (options.blockingThreads() > 0) {
      b.blockingThreads(options.blockingThreads());
    }
    return stores.others().apply(b.tokenStore(stores.tokens()).userStore(stores.users())).build();
  }

  /**
   * Restarts the chat node (and the gate) in this JVM: stops the server, which closes every
   * session, and starts a new one on the same ports with the same backends, so every client's
   * token still logs in. Returns the seconds the restart took. The JVM stays warm (its JIT code
   * and heap), unlike a new process: for a cold node restart a new process is needed (mysql-redis
   * and {@code parley-bench node}, see the connections mode's {@code --restart-command}).
   */
  public synchronized double restartNode() {
    long t0 = System.nanoTime();
    ParleyServer old = server;
    int gatePort = java.net.URI.create(old.gateUrl()).getPort();
    int chatPort = old.chatAddress().getPort();
    old.stop();
    server = newServer(gatePort, chatPort).start();
    bindJvmMeters(server);
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The production limits but {@code messagesPerSecond} per connection and no login-attempt limit. */
  static ChatLimits limits(int messagesPerSecond) {
    return ChatLimits.defaults().withMessagesPerSecond(messagesPerSecond)
        .withLoginAttempts(1_000_000, 1_000_000, Duration.ofMinutes(1));
  }

  private static void bindJvmMeters(ParleyServer server) {
    new JvmMemoryMetrics().bindTo(server.meterRegistry());
    new JvmGcMetrics().bindTo(server.meterRegistry());
    new JvmThreadMetrics().bindTo(server.meterRegistry());
    new ProcessorMetrics().bindTo(server.meterRegistry());
  }

  private static SeedFile seed(ParleyServer server, Stores stores, Options o, String controlUrl,
      ExternalBackends external, BenchTls.Files tlsFiles) {
    TokenStore tokens = stores.tokens();
    int count = o.users() + (o.users() & 1);
    String prefix = "b" + Long.toString(System.nanoTime() & 0xffffffL, 36) + "u";
    List<Long> ids = server.seedUsers(count, prefix, PASSWORD);
    server.seedFriendPairs(ids);
    List<SeedUser> seeded = new ArrayList<>(count);
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      String name = prefix + (i + 1);
      seeded.add(new SeedUser(id, name, name.toLowerCase(Locale.ROOT) + "@seed.invalid", tokens.issue(id).token()));
    }
    return new SeedFile(server.chatAddress().getHostString(), server.chatAddress().getPort(), server.gateUrl(),
        controlUrl, ProcessHandle.current().pid(), o.backend(), PASSWORD, seeded,
        external == null ? null : external.database(), external == null ? null : external.keyPrefix(),
        tlsFiles == null ? null : tlsFiles.caFile().toString(), describe(o.loginPolicy()),
        o.loginPolicy().maxSessions(), o.allowStrangers(), o.groupLimits().maxMembers());
  }

  /** "single", "one-per-platform" or "multi:N", as {@code --login-policy} takes it ({@link LoginPolicy#toString}). */
  public static String describe(LoginPolicy p) {
    return p.toString();
  }

  /** Parses {@code --login-policy}: single, one-per-platform, multi (its default limit) or multi:N. */
  public static LoginPolicy parseLoginPolicy(String v) {
    try {
      return LoginPolicy.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--login-policy: " + e.getMessage(), e);
    }
  }

  /** What was seeded and where the server listens. */
  public SeedFile seed() {
    return seed;
  }

  public ParleyServer server() {
    return server;
  }

  /** "in-memory" or the MySQL/Redis endpoints, for reports. */
  public String describeBackend() {
    return external == null ? "in-memory" : external.describe();
  }

  @Override
  public synchronized void close() {
    control.close();
    stopQuietly();
  }

  /** The chat port's TLS engine ("OpenSSL (BoringSSL)", "JDK"), or "none" for plaintext. */
  public String describeTls() {
    return tls == null ? "none" : ServerTls.provider(tls.engine()) == io.netty.handler.ssl.SslProvider.JDK ? "JDK"
        : "OpenSSL (" + io.netty.handler.ssl.OpenSsl.versionString() + ")";
  }

  private void stopQuietly() {
    if (server != null) {
      server.stop();
    }
    if (external != null) {
      external.close();
    }
    if (tlsFiles != null) {
      tlsFiles.close();
    }
  }
}
