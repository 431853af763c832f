package dev.parley.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A JSON client for the admin API over a real loopback connection (java.net.http, HTTP/1.1 or
 * HTTPS), sending {@code Authorization: Bearer <secret>} when it has a secret.
 */
final class AdminHttp {
  private final HttpClient client;
  private final String base;
  private final String secret;

  AdminHttp(int port, String secret) {
    this("http://127.0.0.1:" + port, secret, null);
  }

  AdminHttp(String base, String secret, SSLContext tls) {
    this.base = base;
    this.secret = secret;
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.client = b.build();
  }

  /** The same endpoint with another secret (null: no Authorization header). */
  AdminHttp withSecret(String other) {
    return new AdminHttp(base, other, null);
  }

  GateHttp.Reply get(String path) {
    return send("GET", path, null);
  }

  GateHttp.Reply post(String path, String json) {
    return send("POST", path, json);
  }

  GateHttp.Reply send(String method, String path, String json) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      r.header("Content-Type", "application/json");
    }
    if (secret != null) {
      r.header("Authorization", "Bearer " + secret);
    }
    try {
      HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
      return new GateHttp.Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
