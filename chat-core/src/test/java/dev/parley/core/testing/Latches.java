package dev.parley.core.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Bounded waits on latches for tests: a latch that is never released fails the test, never hangs it. */
public final class Latches {
  private Latches() {}

  /**
   * Waits up to {@code seconds} for {@code latch}; an {@link AssertionError} when it is not released
   * in time or the thread is interrupted (the interrupt flag is restored).
   */
  public static void await(CountDownLatch latch, long seconds) {
    try {
      if (!latch.await(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within " + seconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits for {@code latch} however often the thread is interrupted (a stand-in for code that
   * ignores interrupts, e.g. a hook stuck in a call that cannot be cancelled), then restores the
   * interrupt flag. The test must release the latch.
   */
  public static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
