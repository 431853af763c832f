package dev.parley.examples.cluster;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.core.testing.RedisServerProcess;
import dev.parley.core.testing.TestPki;
import dev.parley.server.StatusClient;
import dev.parley.server.TlsSettings;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A whole Parley cluster in child processes on this machine, for {@link ClusterIT}: status, verify,
 * gate and chat nodes launched from the example mains, on a fresh MariaDB database, a redis-server
 * of its own and an in-test SMTP server (GreenMail) that receives the verification codes. Short
 * presence TTL and node staleness so failures show within seconds.
 *
 * <p>With TLS ({@link #start(boolean)}) every port but the health ports is TLS: the gate (HTTPS)
 * and the chat ports with certificates of a "public" test CA the SDK is told to trust, and every
 * gRPC port (status, verify, the nodes' internal ports) with mutual TLS, each role holding its own
 * certificate of a separate cluster CA, passed with the launchers' {@code --tls-*} and
 * {@code --cluster-*} flags. Used by one test thread.
 */
final class LocalCluster implements AutoCloseable {
  static final Duration PRESENCE_TTL = Duration.ofSeconds(6);
  static final Duration NODE_STALE_AFTER = Duration.ofSeconds(3);
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");

  final Path logDir;
  final ClusterDatabase database = new ClusterDatabase();
  final GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
  final String keyPrefix = "parley-it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  /** The gate's admin API secret (a loopback listener of its own, plaintext; see {@link #adminUrl()}). */
  final String adminSecret = "cluster-it-admin-" + UUID.randomUUID();
  private final List<RoleChild> children = new CopyOnWriteArrayList<>(); // read by the shutdown hook
  private final Map<String, RoleChild> nodes = new LinkedHashMap<>();
  private final TestPki publicCa;
  private final TestPki clusterCa;
  volatile RedisServerProcess redis;
  RoleChild status;
  RoleChild gate;
  private StatusClient statusClient;

  private LocalCluster(Path logDir, boolean tls) {
    this.logDir = logDir;
    this.publicCa = tls ? TestPki.create(logDir, "public") : null;
    this.clusterCa = tls ? TestPki.create(logDir, "cluster") : null;
    // Backstop for a test JVM that is told to exit before @AfterAll ran: no child outlives it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      children.forEach(RoleChild::killNow);
      if (redis != null) {
        redis.killNow();
      }
    }, "cluster-it-cleanup"));
  }

  /** Starts everything in plaintext and waits until every role printed its ready line; two chat nodes. */
  static LocalCluster start() throws Exception {
    return start(false);
  }

  /** {@link #start()}, with TLS on every port and mutual TLS between the roles when {@code tls}. */
  static LocalCluster start(boolean tls) throws Exception {
    LocalCluster c = new LocalCluster(Files.createDirectories(Path.of("target", "cluster-it",
        "run-" + UUID.randomUUID().toString().substring(0, 8))), tls);
    try {
      c.database.create();
      c.mail.start();
      c.redis = RedisServerProcess.start(c.logDir);
      c.status = c.launch("status", StatusMain.class, c.withTls(List.of("--port", "0", "--health-port", "0"),
          "status", false), true).awaitReady(READY_WITHIN);
      RoleChild verify = c.launch("verify", VerifyMain.class, c.withTls(List.of("--port", "0", "--health-port", "0",
          "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(c.mail.getSmtp().getPort()),
          "--smtp-security", "NONE", "--mail-from", "Parley <no-reply@parley.test>"), "verify", false), true);
      c.startNode("chat-1");
      c.startNode("chat-2");
      verify.awaitReady(READY_WITHIN);
      Path adminSecret = Files.writeString(c.logDir.resolve("admin.secret"), c.adminSecret + "\n");
      c.gate = c.launch("gate", GateMain.class, c.withTls(List.of("--port", "0", "--status", c.statusAddress(),
          "--verify", "127.0.0.1:" + verify.port("port"), "--admin-port", "0", "--admin-secret-file",
          adminSecret.toString(), "--admin-principal", "cluster-it"), "gate", true), true, true);
      for (RoleChild child : c.children) {
        child.awaitReady(READY_WITHIN);
      }
      // Both nodes registered, and the test's own status channel warm (a cold one can miss its deadline).
      await("both chat nodes in the directory").atMost(READY_WITHIN).ignoreExceptions()
          .until(() -> c.statusClient().liveNodes().size() == 2);
      if (tls) { // the gate's first HTTPS handshakes, in a cold JVM, are slow on a loaded machine
        SSLContext trust = c.trustingPublicCa();
        await("the gate over HTTPS").atMost(READY_WITHIN).ignoreExceptions().until(() -> HttpClient.newBuilder()
            .sslContext(trust).build().send(HttpRequest.newBuilder(c.gateUrl().resolve("/healthz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
      }
      return c;
    } catch (Throwable t) {
      c.dumpLogs();
      c.close();
      throw t;
    }
  }

  /** Launches a chat node (not waiting for it to be ready). */
  RoleChild startNode(String nodeId) {
    RoleChild node = launch(nodeId, ChatNodeMain.class, withTls(List.of("--node-id", nodeId, "--port", "0",
        "--internal-port", "0", "--health-port", "0", "--status", statusAddress(),
        "--node-heartbeat", "1s", "--presence-refresh", "1s"), nodeId, true), true, true);
    nodes.put(nodeId, node);
    return node;
  }

  RoleChild node(String nodeId) {
    return nodes.get(nodeId);
  }

  /**
   * Forgets how many verification codes this test's client address has asked for: deletes the
   * gate's per-address rate logs ({@code code:addr:*}) from the test's own Redis, so a test can
   * register more users than one address may in the gate's window (5 per 10 minutes). Every
   * other key stays.
   */
  void forgetCodeRequestCounts() {
    String script = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end "
        + "return n";
    List<String> command = List.of("EVAL", script, "0", keyPrefix + "ratelog:*:code:addr:*");
    StringBuilder resp = new StringBuilder("*").append(command.size()).append("\r\n");
    for (String arg : command) {
      resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    URI url = URI.create(redis.url());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        reply.append((char) c);
      }
      if (reply.length() == 0 || reply.charAt(0) != ':') {
        throw new IllegalStateException("Redis answered the rate-log reset with " + reply);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI gateUrl() {
    return URI.create((tls() ? "https" : "http") + "://127.0.0.1:" + gate.port("port"));
  }

  /** The gate's admin API: {@code http://127.0.0.1:<admin port>}. */
  URI adminUrl() {
    return URI.create("http://127.0.0.1:" + gate.port("admin"));
  }

  /** Whether every port but the health ports is TLS. */
  boolean tls() {
    return publicCa != null;
  }

  /** The CA that signed the gate's and the chat nodes' certificates: what SDK clients trust. */
  Path publicCaFile() {
    return publicCa.caFile();
  }

  /** An SSL context trusting {@link #publicCaFile()}, for the JDK's HttpClient. */
  SSLContext trustingPublicCa() throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(publicCa.caFile())) {
      store.setCertificateEntry("public-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** A client of the status role, for presence and node look-ups as any gate would make them. */
  StatusClient statusClient() {
    if (statusClient == null) {
      StatusClient.Builder b = StatusClient.builder().address("127.0.0.1", status.port("port"));
      if (tls()) {
        TestPki.Issued mine = clusterCa.issue("cluster-it");
        b.tls(TlsSettings.builder().certificateChain(mine.chain()).privateKey(mine.key())
            .trustedCertificates(clusterCa.caFile()).build());
      }
      statusClient = b.build();
    }
    return statusClient;
  }

  /**
   * {@code args} plus, with TLS, the role's cluster certificate flags (mutual TLS on gRPC) and,
   * for a client-facing role, its public certificate; each certificate made for {@code role}.
   */
  private List<String> withTls(List<String> args, String role, boolean clientFacing) {
    if (!tls()) {
      return args;
    }
    List<String> out = new ArrayList<>(args);
    TestPki.Issued member = clusterCa.issue(role);
    out.addAll(List.of("--cluster-tls-cert", member.chain().toString(), "--cluster-tls-key", member.key().toString(),
        "--cluster-ca", clusterCa.caFile().toString()));
    if (clientFacing) {
      TestPki.Issued server = publicCa.issue(role);
      out.addAll(List.of("--tls-cert", server.chain().toString(), "--tls-key", server.key().toString()));
    }
    return out;
  }

  /** Waits for the verification mail to {@code email} and returns its code. */
  String awaitCode(String email) {
    return await("verification mail to " + email).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> codeFor(email), Optional::isPresent).orElseThrow();
  }

  /** Prints the tail of every child's log, for a failed test. */
  void dumpLogs() {
    for (RoleChild child : children) {
      System.err.println("===== " + child.name() + (child.isAlive() ? " (running)" : " (exited)") + ", log tail =====");
      System.err.println(child.tail(80));
    }
    System.err.println("===== full logs under " + logDir.toAbsolutePath() + " =====");
  }

  /** Kills every child, stops Redis and SMTP, drops the database. Safe after a partial start. */
  @Override
  public void close() {
    if (statusClient != null) {
      statusClient.close();
    }
    for (int i = children.size() - 1; i >= 0; i--) { // chat nodes before the status role they report to
      children.get(i).kill();
    }
    try {
      if (redis != null) {
        redis.stop();
      }
      mail.stop();
      database.drop();
    } catch (Exception e) {
      throw new IllegalStateException("cluster clean-up failed", e);
    }
  }

  private RoleChild launch(String name, Class<?> main, List<String> roleArgs, boolean redisArgs) {
    return launch(name, main, roleArgs, redisArgs, false);
  }

  private RoleChild launch(String name, Class<?> main, List<String> roleArgs, boolean redisArgs, boolean dbArgs) {
    List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1"));
    args.addAll(roleArgs);
    if (redisArgs) {
      args.addAll(List.of("--redis", redis.url(), "--redis-prefix", keyPrefix,
          "--presence-ttl", PRESENCE_TTL.toMillis() + "ms", "--node-stale-after", NODE_STALE_AFTER.toMillis() + "ms"));
    }
    if (dbArgs) {
      args.addAll(List.of("--jdbc-url", database.jdbcUrl(), "--db-user", database.user,
          "--db-password=" + database.password, "--db-pool-size", "4",
          "--db-connection-timeout", "5s")); // the 1 s default failed starts on a shared machine at load 17
    }
    RoleChild child = RoleChild.start(name, main, logDir, args);
    children.add(child);
    return child;
  }

  private String statusAddress() {
    return "127.0.0.1:" + status.port("port");
  }

  /** Waits for a verification mail to {@code email} after the first {@code skip} ones and returns its code. */
  String awaitCode(String email, int skip) {
    return await("verification mail " + (skip + 1) + " to " + email).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100)).until(() -> codes(email), c -> c.size() > skip).get(skip);
  }

  /** The codes mailed to {@code email} so far, oldest first. */
  List<String> codes(String email) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      for (Address to : m.getAllRecipients()) {
        Matcher code = CODE.matcher(GreenMailUtil.getBody(m));
        if (to.toString().equalsIgnoreCase(email) && code.find()) {
          out.add(code.group(1));
        }
      }
    }
    return out;
  }

  private Optional<String> codeFor(String email) throws Exception {
    for (MimeMessage m : mail.getReceivedMessages()) {
      for (Address to : m.getAllRecipients()) {
        Matcher code = CODE.matcher(GreenMailUtil.getBody(m));
        if (to.toString().equalsIgnoreCase(email) && code.find()) {
          return Optional.of(code.group(1));
        }
      }
    }
    return Optional.empty();
  }
}
