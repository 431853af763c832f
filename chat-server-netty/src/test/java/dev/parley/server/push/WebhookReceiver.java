package dev.parley.server.push;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server on a loopback ephemeral port that records every request to {@code /hook}
 * (arrival time, headers, body) and answers each with the status {@code statuses} gives for its
 * number (1, 2, ...). For webhook tests; closed by the test.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as it arrived. */
  public record Received(long atNanos, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  private WebhookReceiver(IntUnaryOperator statuses) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(System.nanoTime(), Map.copyOf(exchange.getRequestHeaders()), body));
      int status = statuses.applyAsInt(count.incrementAndGet());
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** A receiver answering {@code status} to everything. */
  public static WebhookReceiver answering(int status) {
    return new WebhookReceiver(n -> status);
  }

  /** A receiver answering request {@code n} with {@code statuses.applyAsInt(n)}. */
  public static WebhookReceiver answering(IntUnaryOperator statuses) {
    return new WebhookReceiver(statuses);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  public List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
