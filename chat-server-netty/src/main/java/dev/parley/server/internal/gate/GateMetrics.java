package dev.parley.server.internal.gate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The gate's meters. In Prometheus form: {@code parley_gate_requests_total{route,status}},
 * {@code parley_gate_request_duration_seconds{route,status}} (count, sum, max) and the worker pool
 * gauges {@code parley_gate_workers_active} and {@code parley_gate_workers_queued}. Route tags are
 * the route names (plus "unmatched"), never raw paths, so the series stay bounded. Thread-safe.
 */
public final class GateMetrics {
  private final MeterRegistry registry;

  /** Registers the worker-pool gauges; request meters are created on first use per (route, status). */
  public GateMetrics(MeterRegistry registry, GateWorkers workers) {
    this.registry = registry;
    Gauge.builder("parley.gate.workers.active", workers, GateWorkers::active)
        .description("gate worker threads running a request").register(registry);
    Gauge.builder("parley.gate.workers.queued", workers, GateWorkers::queued)
        .description("gate requests waiting for a worker thread").register(registry);
  }

  /** Counts one answered request and its latency from arrival to the response being handed to Netty. */
  public void record(String route, int status, long elapsedNanos) {
    String statusTag = Integer.toString(status);
    Counter.builder("parley.gate.requests").description("gate HTTP requests answered")
        .tag("route", route).tag("status", statusTag).register(registry).increment();
    Timer.builder("parley.gate.request.duration").description("gate HTTP request latency")
        .tag("route", route).tag("status", statusTag).register(registry).record(elapsedNanos, TimeUnit.NANOSECONDS);
  }
}
