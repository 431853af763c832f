package dev.parley.server;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.NewUser;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.AdminService;
import dev.parley.core.service.VerificationService;
import dev.parley.server.internal.cache.CachingFriendStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * All four roles in one JVM: a gate, one chat node, and the status and verify roles wired through
 * their Java interfaces (the gate's {@link AccountService} uses {@link VerificationService} as its
 * code issuer and the node directory directly; no status or verify gRPC servers run). Backends are
 * the in-memory ones unless others are given to the builder; mail goes to the console by default.
 *
 * <pre>{@code
 * ParleyServer server = ParleyServer.builder().gatePort(8080).chatPort(9000).build().start();
 * // any role setting through the role's own builder:
 * ParleyServer tuned = ParleyServer.builder()
 *     .chatNode(node -> node.port(9000).blockingThreads(32)).gate(gate -> gate.port(8080)).build();
 * System.out.println(server.gateUrl() + " " + server.chatAddress());
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>Thread-safe. Configuration is fixed at {@code build()}; start once, stop is idempotent.
 */
public final class ParleyServer {
  private final ParleyServerConfig config;
  private final ChatNode node;
  private final GateServer gate;
  private final PresenceSessionCloser sessionCloser;
  private final ParleyAdmin admin;
  private boolean started;

  private ParleyServer(ParleyServerConfig config, ChatNode node, GateServer gate, PresenceSessionCloser sessionCloser,
      ParleyAdmin admin) {
    this.config = config;
    this.node = node;
    this.gate = gate;
    this.sessionCloser = sessionCloser;
    this.admin = admin;
  }

  /** A builder with in-memory backends, console mail, 127.0.0.1 and ephemeral ports. */
  public static ParleyServerBuilder builder() {
    return new ParleyServerBuilder();
  }

  static ParleyServer of(ParleyServerConfig config, ChatNode node, GateServer gate,
      PresenceSessionCloser sessionCloser, ParleyAdmin admin) {
    return new ParleyServer(config, node, gate, sessionCloser, admin);
  }

  /** The chat node, started or not (for tests in this package). */
  ChatNode node() {
    return node;
  }

  /** The resolved shared settings and backends (for tests in this package). */
  ParleyServerConfig config() {
    return config;
  }

  /** Starts the chat node (it registers in the node directory), then the gate. */
  public synchronized ParleyServer start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    node.start();
    try {
      gate.start();
    } catch (RuntimeException e) {
      node.stop();
      closeSessionCloser();
      throw e;
    }
    return this;
  }

  /** Stops the gate, then the chat node. Idempotent. */
  public synchronized void stop() {
    if (started) {
      gate.stop();
      node.stop();
    }
    closeSessionCloser();
  }

  private void closeSessionCloser() {
    sessionCloser.close(); // idempotent
    admin.close();
  }

  /**
   * The host's server-side API ({@link AdminService}): users, tokens, friendships, messages as a
   * user or the system sender, groups, presence. Its pushes and kicks reach the chat node the way
   * a separate gate's would (gRPC Deliver and Kick over loopback), so it needs the server started.
   * Calls are audited on logger {@code parley.admin} as {@link AdminService#DEFAULT_CALLER}.
   */
  public AdminService admin() {
    return admin.service();
  }

  /** The admin HTTP API's bound port. @throws IllegalStateException before start or when it is off */
  public synchronized int adminPort() {
    requireStarted();
    return gate.adminPort();
  }

  /**
   * The gate's base URL, e.g. {@code http://127.0.0.1:8080}, {@code https://} when the gate has TLS.
   * @throws IllegalStateException before start
   */
  public synchronized String gateUrl() {
    requireStarted();
    return (gate.tls() ? "https://" : "http://") + hostForUrl(config.host()) + ":" + gate.port();
  }

  /** Where clients open their chat TCP connection. @throws IllegalStateException before start */
  public synchronized InetSocketAddress chatAddress() {
    requireStarted();
    return InetSocketAddress.createUnresolved(node.advertisedHost(), node.port());
  }

  /** The chat node (for its ports, id and connection count). */
  public synchronized ChatNode chatNode() {
    requireStarted();
    return node;
  }

  /** True when the gate serves the web client (or other static files) at {@code /}; see {@link ParleyServerBuilder#webClient}. */
  public boolean servesWebClient() {
    return gate.staticContent() != null;
  }

  /** The registry the gate serves at {@code /metrics}; the node's meters are in it too. */
  public PrometheusMeterRegistry meterRegistry() {
    return config.meters();
  }

  /**
   * Creates {@code count} users named {@code namePrefix + i} (i from 1) with email
   * {@code namePrefix + i + "@seed.invalid"} and the given password, hashing the password once and
   * reusing the hash; for benchmarks. Returns their ids in order.
   */
  public List<Long> seedUsers(int count, String namePrefix, String password) {
    String hash = config.hasher().hash(password);
    List<Long> ids = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String name = namePrefix + i;
      ids.add(config.users().create(new NewUser(name.toLowerCase(Locale.ROOT) + "@seed.invalid", name, hash)).id());
    }
    return ids;
  }

  /** Makes {@code ids[0]} and {@code ids[1]} friends, then {@code ids[2]} and {@code ids[3]}, and so on. */
  public void seedFriendPairs(List<Long> ids) {
    for (int i = 0; i + 1 < ids.size(); i += 2) {
      FriendRequest r = config.friends().addRequest(ids.get(i), ids.get(i + 1), "", "");
      config.friends().acceptRequest(r.id(), "");
      // Made beside the node, not through it: tell its cache (and any other node's) like the node would.
      config.changeFeed().publish(CachingFriendStore.TOPIC, CachingFriendStore.key(ids.get(i), ids.get(i + 1)));
    }
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("not started");
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
