package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/parley-cluster} as an operator runs it, on free ports, a fresh database, a key prefix
 * of its own on the shared Redis and a run directory under {@code target/cluster-script-it} (kept, with the
 * roles' logs), with the test's class path (no
 * build): {@code start}, then {@code status}, {@code restart} and {@code stop} from a shell that
 * knows only the run directory (so they must use the ports {@code start} recorded), every role's
 * {@code /metrics}, and a chat node killed with SIGKILL reported as DEAD, never as stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class ClusterScriptIT {
  private static final Path SCRIPT = Path.of("..", "bin", "parley-cluster").toAbsolutePath().normalize();
  private static final String[] PORT_VARS = {"PARLEY_GATE_PORT", "PARLEY_STATUS_PORT", "PARLEY_VERIFY_PORT",
      "PARLEY_STATUS_HEALTH_PORT", "PARLEY_VERIFY_HEALTH_PORT"};

  private final Path runDir = Path.of("target", "cluster-script-it", "run-" + UUID.randomUUID().toString().substring(0, 8))
      .toAbsolutePath();
  private final ClusterDatabase database = new ClusterDatabase();
  private final Map<String, Integer> healthPorts = new LinkedHashMap<>();
  private final Map<String, String> startEnv = new LinkedHashMap<>();

  private record Run(int status, String output) {}

  @BeforeAll
  void startTheCluster() throws Exception {
    Files.createDirectories(runDir);
    database.create();
    List<Integer> ports = freePorts(11);
    for (int i = 0; i < PORT_VARS.length; i++) {
      startEnv.put(PORT_VARS[i], Integer.toString(ports.get(i)));
    }
    startEnv.put("PARLEY_CHAT_PORTS", ports.get(5) + "," + ports.get(6));
    startEnv.put("PARLEY_INTERNAL_PORTS", ports.get(7) + "," + ports.get(8));
    startEnv.put("PARLEY_CHAT_HEALTH_PORTS", ports.get(9) + "," + ports.get(10));
    startEnv.put("PARLEY_JDBC_URL", database.jdbcUrl());
    startEnv.put("PARLEY_DB_USER", database.user);
    startEnv.put("PARLEY_DB_PASSWORD", database.password);
    startEnv.put("PARLEY_REDIS_URL", envOr("PARLEY_REDIS_URL", "redis://127.0.0.1:6379"));
    startEnv.put("PARLEY_REDIS_PREFIX", "parley-script-it-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    startEnv.put("PARLEY_DB_POOL_SIZE", "3");
    startEnv.put("PARLEY_CLASSPATH", System.getProperty("java.class.path"));
    startEnv.put("PARLEY_JAVA_OPTS", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    startEnv.put("PARLEY_START_WAIT", "150");
    healthPorts.put("status", ports.get(3));
    healthPorts.put("verify", ports.get(4));
    healthPorts.put("gate", ports.get(0));
    healthPorts.put("chat-1", ports.get(9));
    healthPorts.put("chat-2", ports.get(10));

    Run start = run(startEnv, "start");

    assertThat(start.status).as(start.output).isZero();
    assertThat(start.output).contains("cluster is up", "gate:   http://127.0.0.1:" + ports.get(0));
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    try {
      run(Map.of(), "stop");
    } finally {
      database.drop();
    }
  }

  @Test
  @Order(1)
  void statusUsesThePortsStartRecordedAndSaysEveryRoleIsHealthy() throws Exception {
    Run status = run(Map.of(), "status");

    assertThat(status.status).as(status.output).isZero();
    healthPorts.forEach((role, port) -> assertThat(status.output)
        .containsPattern("(?m)^" + role + " +up \\(pid \\d+\\), healthy at http://127\\.0\\.0\\.1:" + port + "/healthz$"));
  }

  @Test
  @Order(2)
  void everyRoleServesItsMetersOnItsHealthPort() throws Exception {
    for (int port : healthPorts.values()) {
      assertThat(get(port, "/metrics")).contains("# TYPE jvm_memory_used_bytes gauge",
          "# TYPE process_cpu_usage gauge", "# TYPE process_uptime_seconds gauge", "# TYPE jvm_threads_live_threads gauge");
    }
    assertThat(get(healthPorts.get("gate"), "/metrics")).contains("parley_gate_workers_active ")
        .contains("parley_gate_requests_total{route=\"healthz\",status=\"200\"}"); // the script's health checks
    for (String node : List.of("chat-1", "chat-2")) {
      assertThat(get(healthPorts.get(node), "/metrics")).contains("parley_connections{node=\"" + node + "\"} 0.0",
          "parley_logins_total{node=\"" + node + "\"} 0.0",
          "parley_request_latency_seconds_count{node=\"" + node + "\",type=\"send_message\"} 0");
    }
  }

  @Test
  @Order(3)
  void aKilledChatNodeIsReportedDeadAndRestartBringsItBack() throws Exception {
    long pid = Long.parseLong(Files.readString(runDir.resolve("chat-2.pid")).trim());
    ProcessHandle node = ProcessHandle.of(pid).orElseThrow();
    node.destroyForcibly();
    node.onExit().get(30, TimeUnit.SECONDS);

    Run dead = run(Map.of(), "status");
    assertThat(dead.status).as(dead.output).isEqualTo(1);
    assertThat(dead.output).containsPattern("(?m)^chat-2 +DEAD: pid " + pid + " exited without a stop")
        .containsPattern("(?m)^chat-1 +up \\(pid \\d+\\), healthy");

    Run restart = run(Map.of(), "restart", "chat-2");
    assertThat(restart.status).as(restart.output).isZero();
    assertThat(restart.output).contains("chat-2 was already DEAD", "chat-2 is healthy", "restarted chat-2");

    Run after = run(Map.of(), "status");
    assertThat(after.status).as(after.output).isZero();
    long newPid = Long.parseLong(Files.readString(runDir.resolve("chat-2.pid")).trim());
    assertThat(newPid).isNotEqualTo(pid);
    assertThat(after.output).containsPattern("(?m)^chat-2 +up \\(pid " + newPid + "\\), healthy at http://127\\.0\\.0\\.1:"
        + healthPorts.get("chat-2") + "/healthz$");
  }

  @Test
  @Order(4)
  void restartOfARunningRoleReplacesItsProcess() throws Exception {
    long pid = Long.parseLong(Files.readString(runDir.resolve("gate.pid")).trim());

    Run restart = run(Map.of(), "restart", "gate");

    assertThat(restart.status).as(restart.output).isZero();
    await("old gate pid " + pid + " gone").atMost(Duration.ofSeconds(10))
        .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThat(run(Map.of(), "status").status).isZero();
  }

  @Test
  @Order(5)
  void stopStopsEveryRoleAndStatusThenSaysStopped() throws Exception {
    List<Long> pids = new ArrayList<>();
    for (String role : healthPorts.keySet()) {
      pids.add(Long.parseLong(Files.readString(runDir.resolve(role + ".pid")).trim()));
    }

    Run stop = run(Map.of(), "stop");

    assertThat(stop.status).as(stop.output).isZero();
    healthPorts.keySet().forEach(role -> assertThat(stop.output).contains(role + " stopped"));
    for (long pid : pids) { // gone once init has reaped them
      await("pid " + pid + " gone").atMost(Duration.ofSeconds(10))
          .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
    Run status = run(Map.of(), "status");
    assertThat(status.status).as(status.output).isEqualTo(3);
    healthPorts.keySet().forEach(role -> assertThat(status.output).containsPattern("(?m)^" + role + " +stopped$"));
  }

  /** Runs the script with PARLEY_RUN_DIR, {@code env} and no other PARLEY_* variable of the test's environment. */
  private Run run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    builder.environment().putAll(env);
    builder.environment().put("PARLEY_RUN_DIR", runDir.toString());
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/parley-cluster " + String.join(" ", args) + " did not finish:\n" + output);
    }
    return new Run(p.exitValue(), output);
  }

  private static String get(int port, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(10_000);
    try (InputStream in = c.getInputStream()) {
      assertThat(c.getResponseCode()).isEqualTo(200);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  /** {@code n} distinct ports free right now (held open together so none repeats). */
  private static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        held.add(s);
        ports.add(s.getLocalPort());
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  private static String envOr(String key, String fallback) {
    String v = System.getenv(key);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
