package dev.parley.cache.redis;

import dev.parley.core.testing.ProcessSignals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A redis-server of the test's own, on a free port, that the test may hang ({@link #suspend()},
 * SIGSTOP: TCP still connects, nothing answers) and resume ({@link #resume()}, SIGCONT) — never the
 * shared Redis. {@link #close()} resumes and stops it. Not thread-safe: one test class drives it.
 */
final class RedisProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private RedisProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts redis-server (found on the PATH) without persistence and waits until it accepts connections. */
  static RedisProcess start() throws IOException {
    int port = freePort();
    Path log = Files.createTempFile("parley-redis-" + port, ".log");
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RedisProcess redis = new RedisProcess(p, port, log);
    Awaitility.await("redis-server on port " + port).atMost(Duration.ofSeconds(20))
        .until(() -> !p.isAlive() || redis.accepts());
    if (!p.isAlive()) {
      throw new IOException("redis-server exited: " + Files.readString(log));
    }
    return redis;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** SIGSTOP: the server hangs; the kernel still accepts connections for it. */
  void suspend() {
    ProcessSignals.stop(process, "redis-server");
  }

  /** SIGCONT: the server answers again, including what queued up meanwhile. */
  void resume() {
    ProcessSignals.resume(process, "redis-server");
  }

  @Override
  public void close() throws IOException {
    resume();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }

  private boolean accepts() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getOutputStream().write("PING\r\n".getBytes());
      return s.getInputStream().read() == '+';
    } catch (IOException e) {
      return false;
    }
  }


  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
