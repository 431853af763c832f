package dev.parley.examples.cluster;

import java.time.Duration;

/**
 * Waits, at start, for a role this one needs: retries a call every half second until it succeeds
 * or the wait is over, then rethrows its last failure. Lets the roles of a cluster start in any
 * order, and absorbs the slow first gRPC call of a cold JVM. Stateless.
 */
final class StartupWait {
  private static final long RETRY_MILLIS = 500;

  private StartupWait() {}

  /** Runs {@code call} until it returns normally, for at most {@code max}. */
  static void until(String what, Duration max, Runnable call) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      try {
        call.run();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() + RETRY_MILLIS * 1_000_000 > deadline) {
          throw new IllegalStateException(what + " did not answer within " + max.toSeconds() + " s: " + e.getMessage(), e);
        }
        System.err.println("waiting for " + what + ": " + e.getMessage());
        Thread.sleep(RETRY_MILLIS);
      }
    }
  }
}
