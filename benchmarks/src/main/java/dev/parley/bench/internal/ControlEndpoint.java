package dev.parley.bench.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.bench.load.HashCost;
import dev.parley.netty.internal.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The bench server's control endpoint on loopback, for the load generator's memory readings:
 * {@code GET /memory} answers {@code {"heapUsedBytes":..,"heapCommittedBytes":..,"rssBytes":..,
 * "connections":..}}; with {@code ?gc=true} it first runs {@code System.gc()} (a full, stop-the-world
 * collection with G1 unless -XX:+ExplicitGCInvokesConcurrent is set), so the heap figure is what
 * stays reachable. {@code GET /hash-cost} measures one Argon2 verify at the production cost on the
 * endpoint's thread inside the server JVM ({@link HashCost}: {@code {"hasher":..,"medianCpuMicros":..,
 * "samplesCpuMicros":[..]}}), so the gate-login run subtracts what a verify costs under the server's
 * own collector and flags, not the generator's.
 * {@code POST /restart-node} restarts the chat node in this JVM (same ports and
 * backends) and answers {@code {"restartSeconds":..}}, for reconnect storms. Benchmark-only: it has no authentication, so it binds 127.0.0.1 only.
 *
 * <p>Thread-safe; one request at a time on its own thread.
 */
public final class ControlEndpoint implements AutoCloseable {
  private final HttpServer http;
  private final IntSupplier connections;
  private final DoubleSupplier restartNode;

  /** {@code restartNode} restarts the chat node and returns the seconds it took; null: no restart call. */
  public ControlEndpoint(IntSupplier connections, DoubleSupplier restartNode) throws IOException {
    this.connections = connections;
    this.restartNode = restartNode;
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    http.createContext("/memory", this::memory);
    http.createContext("/hash-cost", this::hashCost);
    if (restartNode != null) {
      http.createContext("/restart-node", this::restart);
    }
    http.setExecutor(Executors.newSingleThreadExecutor(DaemonThreads.named("parley-bench-control-")));
    http.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private void hashCost(HttpExchange exchange) throws IOException {
    HashCost.Verify v = HashCost.measure(HashCost.SAMPLES);
    StringBuilder samples = new StringBuilder();
    for (double d : v.samplesCpuMicros()) {
      samples.append(samples.length() == 0 ? "" : ",").append(String.format("%.1f", d));
    }
    answer(exchange, 200, String.format("{\"hasher\":\"%s\",\"medianCpuMicros\":%.1f,\"samplesCpuMicros\":[%s]}",
        v.hasher().replace("\"", "'"), v.medianCpuMicros(), samples));
  }

  private void restart(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      answer(exchange, 405, "{\"error\":\"POST only\"}");
      return;
    }
    try {
      answer(exchange, 200, String.format(java.util.Locale.ROOT, "{\"restartSeconds\":%.3f}", restartNode.getAsDouble()));
    } catch (RuntimeException e) {
      answer(exchange, 500, "{\"error\":\"" + String.valueOf(e.getMessage()).replace('"', '\'') + "\"}");
    }
  }

  private void memory(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    if (query != null && query.contains("gc=true")) {
      System.gc();
      System.gc(); // the second one collects what the first one's finalization/reference processing freed
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    String body = String.format("{\"heapUsedBytes\":%d,\"heapCommittedBytes\":%d,\"rssBytes\":%d,\"connections\":%d}",
        heap.getUsed(), heap.getCommitted(), ProcessLimits.residentBytes("self").orElse(-1), connections.getAsInt());
    answer(exchange, 200, body);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
  }
}
