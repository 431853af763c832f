package dev.parley.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Hangs and resumes a server process that a test started itself (SIGSTOP: TCP still connects,
 * nothing answers; SIGCONT: it answers again). Never for the shared MariaDB or Redis.
 */
public final class ProcessSignals {
  private static final long STATE_WAIT_SECONDS = 10;

  private ProcessSignals() {}

  /**
   * SIGSTOP, then waits until the kernel reports the process stopped: kill(1) returns once the
   * signal is queued, and on a loaded machine a running server thread could still answer a query.
   */
  public static void stop(Process process, String name) {
    signal(process, name, "-STOP");
    awaitState(process, name, 'T');
  }

  /** SIGCONT. */
  public static void resume(Process process, String name) {
    signal(process, name, "-CONT");
  }

  private static void signal(Process process, String name, String signal) {
    try {
      int rc = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      if (rc != 0) {
        throw new IllegalStateException("kill " + signal + " " + name + " " + process.pid() + " exited with " + rc);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal " + name + " " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted signalling " + name, e);
    }
  }

  private static void awaitState(Process process, String name, char wanted) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STATE_WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      try {
        String line = Files.readString(stat);
        // the state is the field after the parenthesised command name
        if (line.charAt(line.lastIndexOf(')') + 2) == wanted) {
          return;
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + stat, e);
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException(name + " " + process.pid() + " did not reach state " + wanted
        + " within " + STATE_WAIT_SECONDS + " s");
  }
}
