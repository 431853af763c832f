package dev.parley.examples.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code GET /healthz} endpoint of a gRPC role or chat node, on its own small HTTP port (the
 * JDK's built-in server): 200 {@code {"status":"UP"}} when the role's probe returns, 503
 * {@code {"status":"DOWN","reason":...}} when it throws, 404 for any other path. The probe is a
 * cheap read against the role's backing store, so a role whose Redis is gone reports DOWN.
 *
 * <p>Thread-safe; probes run one at a time on a single daemon thread. {@link #close()} stops it.
 */
final class HealthEndpoint implements AutoCloseable {
  /** A liveness check; throws when the role cannot serve. */
  @FunctionalInterface
  interface Probe {
    void check() throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code host:port} (0 picks a free port) and starts answering. */
  static HealthEndpoint start(String host, int port, Probe probe) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("health endpoint could not bind " + host + ":" + port, e);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "parley-healthz");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, probe));
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

  private static void answer(HttpExchange exchange, Probe probe) throws IOException {
    try (exchange) {
      if (!"/healthz".equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, "{\"error\":\"not found\"}");
        return;
      }
      try {
        probe.check();
        send(exchange, 200, "{\"status\":\"UP\"}");
      } catch (Exception e) {
        send(exchange, 503, "{\"status\":\"DOWN\",\"reason\":\"" + jsonEscape(String.valueOf(e.getMessage())) + "\"}");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
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
