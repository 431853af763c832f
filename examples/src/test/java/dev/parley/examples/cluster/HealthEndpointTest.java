package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ProcessMeters;
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
    }, () -> "")) {
      assertThat(get(health, "/healthz")).isEqualTo("200 {\"status\":\"UP\"}");

      failure.set(new IllegalStateException("Redis is \"unavailable\""));
      assertThat(get(health, "/healthz")).isEqualTo("503 {\"status\":\"DOWN\",\"reason\":\"Redis is \\\"unavailable\\\"\"}");

      failure.set(null);
      assertThat(get(health, "/healthz")).startsWith("200 ");
      assertThat(get(health, "/other")).startsWith("404 ");
    }
  }

  @Test
  void servesTheRolesMetersAsPrometheusTextWithTheJvmAndProcessMeters() throws IOException {
    try (ProcessMeters meters = ProcessMeters.create();
        HealthEndpoint health = HealthEndpoint.start("127.0.0.1", 0, () -> { }, meters::scrape)) {
      meters.registry().counter("parley.test.events", "node", "n1").increment(3);

      HttpURLConnection c = open(health, "/metrics");
      assertThat(c.getResponseCode()).isEqualTo(200);
      assertThat(c.getContentType()).isEqualTo(HealthEndpoint.PROMETHEUS_TEXT);
      String text;
      try (InputStream in = c.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(text).contains("parley_test_events_total{node=\"n1\"} 3.0")
          .contains("# TYPE jvm_memory_used_bytes gauge", "# TYPE jvm_threads_live_threads gauge",
              "# TYPE jvm_classes_loaded_classes gauge", "# TYPE jvm_info gauge", "# TYPE jvm_gc_max_data_size_bytes gauge",
              "# TYPE system_cpu_count gauge", "# TYPE process_cpu_usage gauge", "# TYPE process_uptime_seconds gauge",
              "# TYPE process_files_open_files gauge")
          .containsPattern("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\} [0-9.E]+");
    }
  }

  private static HttpURLConnection open(HealthEndpoint health, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + health.port() + path).toURL()
        .openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    return c;
  }

  private static String get(HealthEndpoint health, String path) throws IOException {
    HttpURLConnection c = open(health, path);
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
