package dev.parley.server;

import dev.parley.server.internal.tls.SelfSignedCertificates;
import dev.parley.server.internal.transport.AllowedOrigins;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link ParleyServer} (all roles, in-memory backends, console mail) until Ctrl-C.
 *
 * <pre>
 * parley-server [--gate-port 8080] [--chat-port 9000] [--host 127.0.0.1] [--advertised-host HOST] [--warm-up-ms 1000]
 *               [--ws-port PORT] [--ws-origin ORIGIN]... [--no-web-client] [--login-policy POLICY]
 *               [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE] [--tls-client-auth none|optional|require]
 *                [--tls-engine auto|openssl|jdk]] [--tls-self-signed [--tls-dir DIR]] [--plaintext]
 *               [--jwt-hs256-secret-file FILE | --jwt-public-key FILE | --jwt-jwks FILE
 *                --jwt-issuer ISS --jwt-audience AUD [--jwt-*-claim C] [--jwt-clock-skew-s S]
 *                [--jwt-login-at-node] [--no-provisioning] [--no-password-accounts]]
 *               [--push-webhook-url URL --push-webhook-secret-file FILE] [--push-preview none|sender|text] [--help]
 * </pre>
 *
 * Every TLS option falls back to a {@code PARLEY_*} environment variable (see {@link #USAGE}).
 * The client-facing ports (gate and chat) refuse to start plaintext on an address other than
 * loopback unless {@code --plaintext} says so.
 */
public final class ParleyServerMain {
  /** The WebSocket port when none is given and the web client is served. */
  static final int DEFAULT_WS_PORT = 9001;
  private static final String USAGE = String.join("\n",
      "Usage: parley-server [options]",
      "  --gate-port PORT        HTTP gate port (default 8080; 0 picks a free one)",
      "  --chat-port PORT        chat TCP port (default 9000; 0 picks a free one)",
      "  --host HOST             address to bind (default 127.0.0.1)",
      "  --advertised-host HOST  host clients are told to connect to (default: --host)",
      "  --warm-up-ms MS         before accepting clients, warm the chat node's login and send path for at most",
      "                          MS ms on a throwaway in-memory node (default 1000; 0: none)",
      "  --ws-port PORT          serve WebSocket clients at /ws on PORT (default 9001; 0 picks a free one);",
      "                          wss:// when the chat port has TLS [PARLEY_WS_PORT]",
      "  --ws-origin ORIGIN      a browser origin (scheme://host[:port], or *) allowed to open /ws besides the",
      "                          gate's own (http://127.0.0.1:GATEPORT, http://localhost:GATEPORT); repeat for more",
      "  --no-web-client         do not serve the web client at the gate's / (and no WebSocket port unless",
      "                          --ws-port; then its origins default to those on the advertised host)",
      "TLS on the gate (HTTPS) and the chat port; each option's environment variable in brackets:",
      "  --login-policy POLICY   sessions a user may hold: one-per-platform (default), multi[:N] (N up to 64,",
      "                          default 10) or single [PARLEY_LOGIN_POLICY]",
      "  --tls-cert FILE         PEM certificate chain, server certificate first [PARLEY_TLS_CERT]",
      "  --tls-key FILE          its PEM private key, PKCS#8 unencrypted [PARLEY_TLS_KEY]",
      "  --tls-client-ca FILE    PEM CA whose client certificates are accepted [PARLEY_TLS_CLIENT_CA]",
      "  --tls-client-auth MODE  none|optional|require (default none; optional/require need --tls-client-ca)",
      "                          [PARLEY_TLS_CLIENT_AUTH]",
      "  --tls-engine ENGINE     auto|openssl|jdk (default auto: OpenSSL when it loads) [PARLEY_TLS_ENGINE]",
      "  --tls-self-signed       make a throwaway CA and a certificate for localhost, 127.0.0.1 and the advertised",
      "                          host, serve TLS with it and print how to trust it; local trials only",
      "                          [PARLEY_TLS_SELF_SIGNED=true]",
      "  --tls-dir DIR           where --tls-self-signed writes its files (default: a new temporary directory)",
      "                          [PARLEY_TLS_DIR]",
      "  --admin-port PORT       serve the admin API (/api/v1/admin/...) on its own port; off without it",
      "                          [PARLEY_ADMIN_PORT]; with --admin-secret-file and/or the three --admin-tls-*",
      "  --admin-host HOST       address of the admin port (default 127.0.0.1) [PARLEY_ADMIN_HOST]",
      "  --admin-secret-file F   file holding the bearer secret (32+ characters) [PARLEY_ADMIN_SECRET_FILE]",
      "  --admin-principal NAME  who the audit log says the secret's holder is (default admin)",
      "  --admin-tls-cert FILE, --admin-tls-key FILE, --admin-client-ca FILE",
      "                          HTTPS on the admin port, callers need a certificate the CA signed (mutual TLS)",
      "  --plaintext             allow plaintext gate and chat ports on a non-loopback --host [PARLEY_PLAINTEXT=true]",
      String.join("\n", LaunchJwt.USAGE),
      LaunchPush.USAGE,
      "  --help                  show this help");

  /**
   * The launcher's chat-node warm-up ({@link ChatNodeBuilder#warmUp}): a freshly started node is the
   * one that takes a reconnect storm, and without it the first second's delivery p99 was hundreds of
   * milliseconds while the JIT compiled (benchmarks/README.md, "issue 11 target 5").
   */
  static final java.time.Duration DEFAULT_WARM_UP = java.time.Duration.ofSeconds(1);

  /** What the command line asked for: the builder, and the CA to print when the certificate was generated. */
  record Launch(ParleyServerBuilder builder, Path selfSignedCa) {}

  private ParleyServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Launch launch;
    try {
      launch = parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("parley-server: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (launch == null) {
      System.out.println(USAGE);
      return;
    }
    ProcessMeters meters = ProcessMeters.create();
    ParleyServer server = start(launch.builder(), meters);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      meters.close();
      stopped.countDown();
    }, "parley-shutdown"));
    printReady(server, System.out);
    if (launch.selfSignedCa() != null) {
      printTrust(server, launch.selfSignedCa(), System.out);
    }
    stopped.await();
  }

  /** The configured builder, or null when help was asked for; no environment. @throws IllegalArgumentException for bad arguments */
  static ParleyServerBuilder parse(String[] args) {
    Launch launch = parse(args, Map.of());
    return launch == null ? null : launch.builder();
  }

  /**
   * The launch {@code args} ask for, options not given read from {@code env}; null when help was
   * asked for. With {@code --tls-self-signed} the certificate files are written here.
   * @throws IllegalArgumentException for bad arguments, and for plaintext on a non-loopback host without --plaintext
   */
  static Launch parse(String[] args, Map<String, String> env) {
    ParleyServerBuilder b = ParleyServer.builder().gatePort(8080).chatPort(9000).chatNode(n -> n.warmUp(DEFAULT_WARM_UP));
    LaunchTls tls = new LaunchTls(env);
    LaunchAdmin admin = new LaunchAdmin(env);
    LaunchPush push = new LaunchPush(env);
    LaunchJwt identity = new LaunchJwt();
    String host = "127.0.0.1";
    String advertised = null;
    String wsPort = env.get("PARLEY_WS_PORT");
    String loginPolicy = env.get("PARLEY_LOGIN_POLICY");
    List<String> wsOrigins = new ArrayList<>();
    boolean webClient = true;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return null;
      }
      if (option.equals("--no-web-client")) {
        webClient = false;
        continue;
      }
      if (tls.flag(option) || identity.flag(option)) {
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--gate-port" -> b.gatePort(port(option, value));
        case "--chat-port" -> b.chatPort(port(option, value));
        case "--host" -> {
          b.host(value);
          host = value;
        }
        case "--advertised-host" -> {
          b.advertisedHost(value);
          advertised = value;
        }
        case "--warm-up-ms" -> b.chatNode(n -> n.warmUp(java.time.Duration.ofMillis(millis(option, value))));
        case "--ws-port" -> wsPort = value;
        case "--ws-origin" -> wsOrigins.add(value);
        case "--login-policy" -> loginPolicy = value;
        default -> {
          if (!tls.option(option, value) && !admin.option(option, value)
              && !identity.option(option, value)
              && !push.option(option, value)) {
            throw new IllegalArgumentException("unknown option: " + option);
          }
        }
      }
    }
    if (loginPolicy != null && !loginPolicy.isBlank()) {
      b.limits(dev.parley.core.service.ChatLimits.defaults().withLoginPolicy(dev.parley.core.model.LoginPolicy.parse(loginPolicy)));
    }
    b.webClient(webClient);
    if (wsPort == null && webClient) {
      wsPort = Integer.toString(DEFAULT_WS_PORT);
    }
    if (wsPort != null) {
      int ws = port("--ws-port", wsPort);
      b.chatNode(n -> n.webSocketPort(ws));
    } else if (!wsOrigins.isEmpty()) {
      throw new IllegalArgumentException("--ws-origin needs --ws-port (with --no-web-client)");
    }
    if (!wsOrigins.isEmpty()) {
      List<String> origins = List.copyOf(wsOrigins);
      try {
        AllowedOrigins.of(origins); // checked now: the builder's own check runs only at build
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--ws-origin: " + e.getMessage(), e);
      }
      b.chatNode(n -> n.webSocketAllowedOrigins(origins));
    }
    identity.apply(b);
    push.apply(b);
    return tls.apply(admin.apply(b), host, advertised);
  }

  /** Starts the server with the process's JVM and process meters in the registry the gate serves at /metrics. */
  static ParleyServer start(ParleyServerBuilder builder, ProcessMeters meters) {
    return builder.meterRegistry(meters.registry()).build().start();
  }

  static void printReady(ParleyServer server, PrintStream out) {
    out.println("Parley is ready");
    out.println("  gate: " + server.gateUrl());
    out.println("  chat: " + server.chatAddress().getHostString() + ":" + server.chatAddress().getPort()
        + (server.chatNode().tls() ? " (TLS)" : ""));
    if (server.servesWebClient()) {
      out.println("  web client: " + server.gateUrl() + "/");
    }
    int ws = server.chatNode().webSocketPort();
    if (ws > 0) {
      out.println("  websocket: " + (server.chatNode().tls() ? "wss://" : "ws://")
          + server.chatAddress().getHostString() + ":" + ws + "/ws");
    }
    try {
      out.println("  admin API: port " + server.adminPort() + " (its own listener; /api/v1/admin/...)");
    } catch (IllegalStateException off) {
      // no admin API configured
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  /** How to trust a {@code --tls-self-signed} certificate: the CA file and two ready command lines. */
  static void printTrust(ParleyServer server, Path caFile, PrintStream out) {
    String gate = "https://localhost:" + server.gateUrl().replaceFirst(".*:", "");
    out.println("TLS with a throwaway self-signed CA (local trials only). Trust it with:");
    out.println("  CA: " + caFile.toAbsolutePath());
    out.println("  curl --cacert " + caFile.toAbsolutePath() + " " + gate + "/healthz");
    out.println("  bin/parley-cli --gate " + gate + " --ca-file " + caFile.toAbsolutePath());
    out.flush();
  }

  private static long millis(String option, String value) {
    try {
      long ms = Long.parseLong(value);
      if (ms < 0) {
        throw new IllegalArgumentException(option + " must not be negative, was " + value);
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was '" + value + "'");
    }
  }

  static int port(String option, String value) {
    try {
      int p = Integer.parseInt(value);
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException(option + " must be 0-65535, was " + value);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was '" + value + "'");
    }
  }

  /** The TLS options of one command line, each defaulting to its environment variable. Not thread-safe. */
  private static final class LaunchTls {
    private String cert;
    private String key;
    private String clientCa;
    private String clientAuth;
    private String engine;
    private String dir;
    private boolean selfSigned;
    private boolean plaintext;

    LaunchTls(Map<String, String> env) {
      cert = env.get("PARLEY_TLS_CERT");
      key = env.get("PARLEY_TLS_KEY");
      clientCa = env.get("PARLEY_TLS_CLIENT_CA");
      clientAuth = env.get("PARLEY_TLS_CLIENT_AUTH");
      engine = env.get("PARLEY_TLS_ENGINE");
      dir = env.get("PARLEY_TLS_DIR");
      selfSigned = Boolean.parseBoolean(env.get("PARLEY_TLS_SELF_SIGNED"));
      plaintext = Boolean.parseBoolean(env.get("PARLEY_PLAINTEXT"));
    }

    /** Takes a flag without a value; false when {@code option} is not one. */
    boolean flag(String option) {
      switch (option) {
        case "--tls-self-signed" -> selfSigned = true;
        case "--plaintext" -> plaintext = true;
        default -> {
          return false;
        }
      }
      return true;
    }

    /** Takes an option with a value; false when {@code option} is not a TLS option. */
    boolean option(String option, String value) {
      switch (option) {
        case "--tls-cert" -> cert = value;
        case "--tls-key" -> key = value;
        case "--tls-client-ca" -> clientCa = value;
        case "--tls-client-auth" -> clientAuth = value;
        case "--tls-engine" -> engine = value;
        case "--tls-dir" -> dir = value;
        default -> {
          return false;
        }
      }
      return true;
    }

    /** Puts TLS on the gate and chat port of {@code b}, or checks that plaintext is allowed there. */
    Launch apply(ParleyServerBuilder b, String host, String advertised) {
      if (selfSigned && (cert != null || key != null)) {
        throw new IllegalArgumentException("--tls-self-signed makes its own certificate; leave out --tls-cert/--tls-key");
      }
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      }
      Path ca = null;
      if (selfSigned) {
        Set<String> hosts = new HashSet<>();
        hosts.add(advertised != null ? advertised : host);
        SelfSignedCertificates.Written files = SelfSignedCertificates.generate(tlsDir(), hosts);
        cert = files.chain().toString();
        key = files.key().toString();
        ca = files.caFile();
      }
      if (cert == null) {
        if (clientCa != null || clientAuth != null || engine != null) {
          throw new IllegalArgumentException("--tls-client-ca, --tls-client-auth and --tls-engine need --tls-cert "
              + "and --tls-key (or --tls-self-signed)");
        }
        requirePlaintextAllowed(host);
        return new Launch(b, null);
      }
      TlsSettings settings = settings();
      b.gate(g -> g.tls(settings)).chatNode(n -> n.tls(settings));
      return new Launch(b, ca);
    }

    private TlsSettings settings() {
      TlsSettings.Builder s = TlsSettings.builder().certificateChain(Path.of(cert)).privateKey(Path.of(key));
      if (clientCa != null) {
        s.trustedCertificates(Path.of(clientCa));
      }
      if (clientAuth != null) {
        s.clientAuth(choice("--tls-client-auth", clientAuth, TlsSettings.ClientAuth.class));
      }
      if (engine != null) {
        s.engine(choice("--tls-engine", engine, TlsSettings.Engine.class));
      }
      try {
        return s.build();
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    private Path tlsDir() {
      try {
        return dir != null ? Path.of(dir) : Files.createTempDirectory("parley-tls-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make a directory for the self-signed certificate", e);
      }
    }

    private void requirePlaintextAllowed(String host) {
      if (plaintext || isLoopback(host)) {
        return;
      }
      throw new IllegalArgumentException("--host " + host + " is not a loopback address and the gate and chat "
          + "ports have no TLS: pass --tls-cert and --tls-key (or --tls-self-signed), or --plaintext to serve "
          + "plaintext on purpose");
    }

    private static boolean isLoopback(String host) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("--host " + host + " is not a known host name or address");
      }
    }

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " must be one of "
            + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", was '" + value + "'");
      }
    }
  }
}
