package dev.parley.storage.mysql;

import dev.parley.core.testing.ProcessSignals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A MariaDB server of the test's own — a fresh data directory in a temp dir, a free port, user
 * root with an empty password, database {@code parley} — that the test may hang
 * ({@link #suspend()}, SIGSTOP: TCP still connects, nothing answers) and resume
 * ({@link #resume()}, SIGCONT); never the shared server. {@link #close()} resumes and stops it and
 * deletes its directory. Not thread-safe: one test class drives it.
 */
final class MariadbProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private MariadbProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Installs a data directory, starts mariadbd and waits until database {@code parley} exists. */
  static MariadbProcess start() throws IOException, InterruptedException {
    MariadbProcess db = new MariadbProcess(Files.createTempDirectory("parley-mariadb-"), freePort());
    try {
      db.install();
      db.launch();
      return db;
    } catch (IOException | RuntimeException | InterruptedException e) {
      db.close();
      throw e;
    }
  }

  /** {@code jdbc:mysql://127.0.0.1:<port>/parley}. */
  String jdbcUrl() {
    return "jdbc:mysql://127.0.0.1:" + port + "/parley";
  }

  /** SIGSTOP: the server hangs; the kernel still accepts connections for it. */
  void suspend() {
    ProcessSignals.stop(process, "mariadbd");
  }

  /** SIGCONT: the server answers again. */
  void resume() {
    ProcessSignals.resume(process, "mariadbd");
  }

  @Override
  public void close() throws IOException {
    if (process != null) {
      resume();
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void install() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mariadb-install-db", "--no-defaults", "--user=" + System.getProperty("user.name"),
        "--datadir=" + dir.resolve("data"), "--auth-root-authentication-method=normal", "--skip-test-db")
        .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
    }
  }

  private void launch() throws IOException {
    process = new ProcessBuilder(mariadbd(), "--no-defaults", "--user=" + System.getProperty("user.name"),
        "--datadir=" + dir.resolve("data"), "--port=" + port, "--socket=" + dir.resolve("sock"),
        "--bind-address=127.0.0.1", "--skip-log-bin", "--innodb-buffer-pool-size=32M")
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    Awaitility.await("mariadbd on port " + port).atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> !process.isAlive() || createDatabase());
    if (!process.isAlive()) {
      throw new IOException("mariadbd exited: " + Files.readString(dir.resolve("server.log")));
    }
  }

  private boolean createDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS parley CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      return true;
    }
  }

  private static String mariadbd() {
    for (String candidate : new String[] {"/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/local/bin/mariadbd"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "mariadbd";
  }


  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
