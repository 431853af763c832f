package dev.parley.examples.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.netty.internal.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations port of a gRPC role or chat node, a small HTTP server of its own (the JDK's
 * built-in one). {@code GET /healthz}: 200 {@code {"status":"UP"}} when the role's probe returns,
 * 503 {@code {"status":"DOWN","reason":...}} when it throws; the probe is a cheap read against the
 * role's backing store, so a role whose Redis is gone reports DOWN. {@code GET /metrics}: the
 * role's meters in the Prometheus text format. 404 for any other path.
 *
 * <p>Thread-safe; requests are answered one at a time on a single daemon thread. {@link #close()}
 * stops it.
 */
final class HealthEndpoint implements AutoCloseable {
  /** A liveness check; throws when the role cannot serve. */
  @FunctionalInterface
  interface Probe {
    void check() throws Exception;
  }

  /** Prometheus text exposition format 0.0.4, what {@code PrometheusMeterRegistry.scrape()} writes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (0 picks a free port) and starts answering; {@code metrics} is called
   * for each {@code GET /metrics} and returns the Prometheus text.
   */
  static HealthEndpoint start(String host, int port, Probe probe, Supplier<String> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("health endpoint could not bind " + host + ":" + port, e);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("parley-healthz-"));
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, probe, metrics));
    server.start();
    return new HealthEndpoint(server, executor);
  }

  /** The bound port. */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void answer(HttpExchange exchange, Probe probe, Supplier<String> metrics) throws IOException {
    try (exchange) {
      switch (exchange.getRequestURI().getPath()) {
        case "/healthz" -> health(exchange, probe);
        case "/metrics" -> send(exchange, 200, PROMETHEUS_TEXT, metrics.get());
        default -> send(exchange, 404, "{\"error\":\"not found\"}");
      }
    }
  }

  private static void health(HttpExchange exchange, Probe probe) throws IOException {
    try {
      probe.check();
    } catch (Exception e) {
      send(exchange, 503, "{\"status\":\"DOWN\",\"reason\":\"" + jsonEscape(String.valueOf(e.getMessage())) + "\"}");
      return;
    }
    send(exchange, 200, "{\"status\":\"UP\"}");
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json", json);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(' ');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
