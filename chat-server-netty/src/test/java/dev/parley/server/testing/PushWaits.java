package dev.parley.server.testing;

import dev.parley.core.protocol.ChatProtocol.Frame;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The test clients' wait for a push: {@code pushes} is a list guarded by its own monitor, to which
 * the client's reader adds frames and then calls {@code notifyAll}.
 */
final class PushWaits {
  private PushWaits() {}

  /** Removes and returns the first push matching {@code match}, waiting up to {@code timeout}; null if none came. */
  static Frame take(List<Frame> pushes, Predicate<Frame> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (pushes) {
      while (true) {
        for (Iterator<Frame> it = pushes.iterator(); it.hasNext(); ) {
          Frame f = it.next();
          if (match.test(f)) {
            it.remove();
            return f;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(pushes, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }
}
