package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  @Test
  void answersUpWhileTheProbePassesAndDownWithTheReasonWhenItThrows() throws IOException {
    try (HealthEndpoint health = HealthEndpoint.start("127.0.0.1", 0, () -> {
      if (failure.get() != null) {
        throw failure.get();
      }
    })) {
      assertThat(get(health, "/healthz")).isEqualTo("200 {\"status\":\"UP\"}");

      failure.set(new IllegalStateException("Redis is \"unavailable\""));
      assertThat(get(health, "/healthz")).isEqualTo("503 {\"status\":\"DOWN\",\"reason\":\"Redis is \\\"unavailable\\\"\"}");

      failure.set(null);
      assertThat(get(health, "/healthz")).startsWith("200 ");
      assertThat(get(health, "/metrics")).startsWith("404 ");
    }
  }

  private static String get(HealthEndpoint health, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + health.port() + path).toURL()
        .openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    try {
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      c.disconnect();
    }
  }
}
