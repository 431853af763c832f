package dev.parley.examples.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One role launcher running as a child JVM on the test's own class path, its output in a log file.
 * Knows the ports the role printed on its {@code ready} line. Used by one test thread.
 */
final class RoleChild {
  private static final Pattern READY = Pattern.compile("^parley-[a-z]+ ready (.*)$");
  private static final Pattern PAIR = Pattern.compile("([a-z]+)=(\\S+)");

  private final String name;
  private final Path log;
  private final Process process;
  private Map<String, String> ready;

  private RoleChild(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code main} with {@code args}; the child sees no PARLEY_* variables of the test's environment. */
  static RoleChild start(String name, Class<?> main, Path logDir, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    try {
      return new RoleChild(name, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Waits for the ready line; fails at once, with the log, if the process exits first. */
  RoleChild awaitReady(Duration max) {
    await(name + " ready").atMost(max).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(60));
      }
      return readyLine().isPresent();
    });
    ready = new HashMap<>();
    Matcher m = PAIR.matcher(readyLine().orElseThrow());
    while (m.find()) {
      ready.put(m.group(1), m.group(2));
    }
    return this;
  }

  /** A port from the ready line, e.g. {@code port}, {@code internal}, {@code health}. */
  int port(String key) {
    return Integer.parseInt(ready.get(key));
  }

  /** The HTTP status of {@code GET /healthz} on the role's health port, or -1 when it does not answer. */
  int health() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port("health") + "/healthz").toURL()
          .openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(15_000);
      try {
        return c.getResponseCode();
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return -1;
    }
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash would. */
  void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  /** SIGKILL without waiting, for a shutdown hook. */
  void killNow() {
    process.destroyForcibly();
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
  void stop(Duration grace) {
    process.destroy();
    if (!waitForExit(grace)) {
      kill();
    }
  }

  /** The exit status, once exited. */
  int exitValue() {
    return process.exitValue();
  }

  /** The last {@code lines} lines of the log. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private Optional<String> readyLine() {
    try {
      return Files.readAllLines(log).stream().filter(l -> READY.matcher(l).matches()).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean waitForExit(Duration max) {
    try {
      return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
