package dev.parley.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link ParleyServer} serves the Parley web client: the gate serves the files found on the
 * class path under {@link #RESOURCES} (the chat-web-client jar), the chat node's WebSocket port is
 * on (port 0 unless set), the node accepts upgrades from the gate's own origins
 * ({@code http://127.0.0.1:GATEPORT}, {@code http://localhost:GATEPORT}, ...) and the page's CSP
 * {@code connect-src} names the node's WebSocket address. Ports are only known once both run, so
 * the origins and the CSP source are answered from the started servers, each time they are asked;
 * before that there are none. Thread-safe: the servers are set once, then only read.
 */
final class AllInOneWebClient {
  /** The class-path folder of the Parley web client's files (the chat-web-client jar). */
  static final String RESOURCES = "dev/parley/web/";
  private static final Logger log = LoggerFactory.getLogger(AllInOneWebClient.class);

  private final String bindHost;
  private final String advertisedHost;
  private volatile GateServer gate;
  private volatile ChatNode node;
  /** The node's WebSocket source as last seen running: a page served while the node restarts still may connect. */
  private volatile List<String> lastNodeSources = List.of();

  AllInOneWebClient(String bindHost, String advertisedHost) {
    this.bindHost = bindHost;
    this.advertisedHost = advertisedHost;
  }

  /**
   * Sets up both part builders before they build. Without web content to serve (no host files and
   * no web client on the class path) it changes nothing: the node gets no WebSocket port for it.
   */
  void configure(ChatNodeBuilder nodeBuilder, GateServer.Builder gateBuilder) {
    ClassLoader loader = AllInOneWebClient.class.getClassLoader();
    boolean hostFiles = gateBuilder.hasStaticContent(); // the host's own files; their CSP is the host's
    if (!hostFiles && !StaticContent.onClasspath(loader, RESOURCES)) {
      log.info("the web client is not on the class path ({}index.html; the chat-web-client jar): the gate serves the API only",
          RESOURCES);
      return;
    }
    if (!nodeBuilder.hasWebSocketPort()) {
      nodeBuilder.webSocketPort(0);
    }
    nodeBuilder.webSocketServerOrigins(this::gateOrigins);
    if (!hostFiles) {
      gateBuilder.staticContent(StaticContent.fromClasspath(loader, RESOURCES).connectSources(this::chatNodeSources).build());
    }
  }

  /** Called once the servers are built, before they start. */
  void bind(GateServer builtGate, ChatNode builtNode) {
    this.gate = builtGate;
    this.node = builtNode;
  }

  /** The origins a page the gate served has: its scheme, each name of its host, its port. */
  List<String> gateOrigins() {
    GateServer g = gate;
    int port;
    try {
      port = g == null ? 0 : g.port();
    } catch (IllegalStateException notStarted) {
      return List.of();
    }
    String scheme = g.tls() ? "https://" : "http://";
    List<String> origins = new ArrayList<>();
    for (String host : hostNames()) {
      origins.add(scheme + host + ":" + port);
    }
    return origins;
  }

  /**
   * The CSP connect source of the node's WebSocket port, e.g. {@code ws://127.0.0.1:9001}; while the
   * node is not running, the one it had when it last was (a page served then reconnects once the
   * node is back on its port), none before it first ran.
   */
  List<String> chatNodeSources() {
    ChatNode n = node;
    try {
      int ws = n == null ? 0 : n.webSocketPort();
      if (ws != 0) {
        lastNodeSources = List.of((n.tls() ? "wss://" : "ws://") + forUrl(n.advertisedHost()) + ":" + ws);
      }
    } catch (IllegalStateException notRunning) {
      // keep what it had
    }
    return lastNodeSources;
  }

  /** The advertised and bind hosts, and the loopback names when either is loopback or a wildcard. */
  private Set<String> hostNames() {
    Set<String> hosts = new LinkedHashSet<>();
    for (String h : new String[] {advertisedHost, bindHost}) {
      if (h != null && !BuilderChecks.isWildcard(h)) {
        hosts.add(forUrl(h));
      }
    }
    if (loopbackOrWildcard(bindHost) || loopbackOrWildcard(advertisedHost)) {
      hosts.addAll(List.of("127.0.0.1", "localhost", "[::1]"));
    }
    return hosts;
  }

  private static boolean loopbackOrWildcard(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return BuilderChecks.isWildcard(h) || h.equals("localhost") || h.startsWith("127.") || h.equals("::1")
        || h.equals("[::1]");
  }

  private static String forUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
