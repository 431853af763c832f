package dev.parley.examples.hostapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.server.push.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What a host application's webhook endpoint does with Parley's offline pushes: read the raw
 * body, check {@code X-Parley-Signature} over it with the shared secret and the timestamp
 * tolerance (401 when it does not verify), answer 2xx at once, and hand the JSON on (here: to a
 * queue; a real host would call APNs or FCM). A JDK {@link HttpServer} on a loopback port.
 */
public final class HostWebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final byte[] secret;
  private final BlockingQueue<String> pushes = new LinkedBlockingQueue<>();

  public HostWebhookReceiver(byte[] secret) throws IOException {
    this.secret = secret.clone();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/parley/push", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
    String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
    boolean genuine = "POST".equals(exchange.getRequestMethod())
        && WebhookSignature.verify(secret, timestamp, body, signature, WebhookSignature.DEFAULT_TOLERANCE);
    if (genuine) {
      pushes.add(new String(body, StandardCharsets.UTF_8)); // deduplicate on "deliveryId" in a real host
    }
    exchange.sendResponseHeaders(genuine ? 204 : 401, -1); // 4xx: Parley does not retry
    exchange.close();
  }

  /** Where Parley is to POST: {@code http://127.0.0.1:<port>/parley/push}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/parley/push");
  }

  /** The verified push bodies, in arrival order. */
  public BlockingQueue<String> pushes() {
    return pushes;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
