package dev.parley.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restarts the chat node a reconnect storm runs against, in one of two ways: the bench server's
 * control call ({@code POST <controlUrl>/restart-node}: a new node in the same, warm JVM, with the
 * same backends), or a shell command that stops the node's process and starts a new one on the
 * same address (a cold JVM; with mysql-redis, e.g. a {@code parley-bench node} process, so tokens
 * survive). Either way it returns once the node accepts TCP connections again. Stateless.
 */
public final class NodeRestart {
  private static final Pattern SECONDS = Pattern.compile("\"restartSeconds\":([0-9.]+)");

  private NodeRestart() {
  }

  /** How a restart went: how, the seconds until the node accepted connections again. */
  public record Done(String method, double secondsUntilAccepting) {}

  /** Restarts through the bench server's control endpoint; the call returns when the new node is up. */
  public static Done viaControl(String controlUrl, InetSocketAddress node, double timeoutSeconds) {
    if (controlUrl == null || controlUrl.isBlank()) {
      throw new IllegalArgumentException("the seed file names no control endpoint: restarting needs a bench server "
          + "or --restart-command");
    }
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(controlUrl + "/restart-node"))
          .timeout(Duration.ofMillis((long) (timeoutSeconds * 1000))).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = SECONDS.matcher(r.body());
      if (r.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException("restart-node answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("restart-node call failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting the node", e);
    }
    awaitAccepting(node, t0 + (long) (timeoutSeconds * 1e9));
    return new Done("control endpoint (same JVM)", (System.nanoTime() - t0) / 1e9);
  }

  /** Runs {@code command} with {@code sh -c}, waits for it to exit 0, then for {@code node} to accept. */
  public static Done viaCommand(String command, InetSocketAddress node, double timeoutSeconds) {
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (timeoutSeconds * 1e9);
    try {
      Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
      if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("--restart-command did not finish within " + timeoutSeconds + " s: " + command);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("--restart-command exited with " + p.exitValue() + ": " + command);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run --restart-command: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting the node", e);
    }
    awaitAccepting(node, deadline);
    return new Done("command: " + command, (System.nanoTime() - t0) / 1e9);
  }

  private static void awaitAccepting(InetSocketAddress node, long deadline) {
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(node.getHostString(), node.getPort()), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException("chat node " + node + " does not accept connections after the restart", e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }
}
