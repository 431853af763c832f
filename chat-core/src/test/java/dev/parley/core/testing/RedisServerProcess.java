package dev.parley.core.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own (found on the PATH), on a free loopback port and without
 * persistence, so a test can kill and restart it (losing every key, as a crashed cache would), or
 * hang it ({@link #suspend()}, SIGSTOP: TCP still connects, nothing answers) and resume it, without
 * disturbing the shared Redis. Its output goes to {@code redis.log} in the directory the test
 * gives. Used by one test thread.
 */
public final class RedisServerProcess implements AutoCloseable {
  private final int port;
  private final Path log;
  private Process process;

  private RedisServerProcess(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** Starts redis-server on a free port and waits until it answers PING. */
  public static RedisServerProcess start(Path logDir) {
    RedisServerProcess redis = new RedisServerProcess(freePort(), logDir.resolve("redis.log"));
    redis.launch();
    return redis;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** SIGKILL: every key is gone, as after a crash of a Redis without persistence. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server did not die within 10 s");
    }
  }

  /** Starts redis-server again on the same port and waits until it answers PING. */
  public void restart() {
    launch();
  }

  /** SIGSTOP: redis-server hangs; the kernel still accepts connections for it. */
  public void suspend() {
    ProcessSignals.stop(process, "redis-server");
  }

  /** SIGCONT: redis-server answers again, including what queued up meanwhile. */
  public void resume() {
    ProcessSignals.resume(process, "redis-server");
  }

  /** SIGKILL without waiting, for a shutdown hook. */
  public void killNow() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  /** Kills the server if it runs. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  /** Resumes the server if it was hung, then {@link #stop()}s it. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      resume();
    }
    stop();
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
    Process started = process;
    await("redis-server on port " + port).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptions().until(() -> !started.isAlive() || answersPing());
    if (!started.isAlive()) {
      throw new IllegalStateException("redis-server exited: " + logText());
    }
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(its log " + log + " is unreadable: " + e + ")";
    }
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

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
