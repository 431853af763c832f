package dev.parley.examples.cluster;

import dev.parley.core.testing.ProcessSignals;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own, on a free port and without persistence, so the test can kill
 * and restart it (losing every key, as a crashed cache would) without disturbing anyone else.
 * Used by one test thread.
 */
final class RedisChild {
  private final int port;
  private final Path log;
  private Process process;

  private RedisChild(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** Starts redis-server on a free port and waits until it answers PING. */
  static RedisChild start(Path logDir) {
    RedisChild redis = new RedisChild(freePort(), logDir.resolve("redis.log"));
    redis.launch();
    return redis;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** SIGKILL: every key is gone, as after a crash of a Redis without persistence. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server did not die within 10 s");
    }
  }

  /** Starts redis-server again on the same port and waits until it answers PING. */
  void restart() {
    launch();
  }

  /** SIGSTOP: redis-server hangs; the kernel still accepts connections for it. */
  void suspend() {
    ProcessSignals.stop(process, "redis-server");
  }

  /** SIGCONT: redis-server answers again. */
  void resume() {
    ProcessSignals.resume(process, "redis-server");
  }


  /** SIGKILL without waiting, for a shutdown hook. */
  void killNow() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private void launch() {
    ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
    }
    await("redis-server on port " + port).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptions().until(this::answersPing);
  }

  private boolean answersPing() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
