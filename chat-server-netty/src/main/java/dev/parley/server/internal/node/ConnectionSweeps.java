package dev.parley.server.internal.node;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle and login timeouts of every connection, enforced by one periodic sweep per event loop
 * over that loop's connections instead of timers per connection (an {@code IdleStateHandler} and a
 * login timer held a scheduled task, its runnable and the handler's state for every connection,
 * about 0.4 KiB). Each loop keeps its connections in an intrusive list threaded through their
 * {@link ChatConnectionHandler}s (two references each); its sweep runs every {@link #periodNanos}
 * while the loop has connections and closes those silent for the idle timeout, or not logged in
 * within the login timeout of connecting. So a connection is closed between the timeout and the
 * timeout plus one period late; the period is a tenth of the shorter timeout, between 10 ms and 1 s.
 * A sweep reads two longs per connection: about 10 µs per thousand connections.
 *
 * <p>Thread-safe: the per-loop map is concurrent; each loop's list and task are used only on that loop.
 */
final class ConnectionSweeps {
  private static final Logger log = LoggerFactory.getLogger(ConnectionSweeps.class);
  private static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_PERIOD = TimeUnit.SECONDS.toNanos(1);

  private final long idleNanos;
  private final long loginNanos;
  private final long periodNanos;
  private final ConcurrentMap<EventExecutor, Sweep> byLoop = new ConcurrentHashMap<>();

  ConnectionSweeps(Duration idleTimeout, Duration loginTimeout) {
    this.idleNanos = idleTimeout.toNanos();
    this.loginNanos = loginTimeout.toNanos();
    this.periodNanos = Math.max(MIN_PERIOD, Math.min(MAX_PERIOD, Math.min(idleNanos, loginNanos) / 10));
  }

  /** How often each loop sweeps: how late at most a timeout is enforced. */
  long periodNanos() {
    return periodNanos;
  }

  /** Starts watching {@code h}, whose channel has just become active on {@code loop}; call on {@code loop}. */
  void add(EventExecutor loop, ChatConnectionHandler h) {
    byLoop.computeIfAbsent(loop, Sweep::new).add(h);
  }

  /** Stops watching {@code h}; call on its loop. Does nothing when it is not watched. */
  void remove(EventExecutor loop, ChatConnectionHandler h) {
    Sweep sweep = byLoop.get(loop);
    if (sweep != null) {
      sweep.remove(h);
    }
  }

  /** One loop's connections and its periodic task (none while the loop has no connection). */
  private final class Sweep {
    private final EventExecutor loop;
    private ChatConnectionHandler head;
    private ScheduledFuture<?> task;

    Sweep(EventExecutor loop) {
      this.loop = loop;
    }

    void add(ChatConnectionHandler h) {
      long now = loop.ticker().nanoTime();
      h.connectedNanos = now;
      h.lastReadNanos = now;
      h.sweepPrev = null;
      h.sweepNext = head;
      if (head != null) {
        head.sweepPrev = h;
      }
      head = h;
      h.swept = true;
      if (task == null) {
        task = loop.scheduleAtFixedRate(this::sweep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
      }
    }

    void remove(ChatConnectionHandler h) {
      if (!h.swept) {
        return;
      }
      h.swept = false;
      if (h.sweepPrev != null) {
        h.sweepPrev.sweepNext = h.sweepNext;
      } else {
        head = h.sweepNext;
      }
      if (h.sweepNext != null) {
        h.sweepNext.sweepPrev = h.sweepPrev;
      }
      h.sweepPrev = null;
      h.sweepNext = null;
      if (head == null && task != null) {
        task.cancel(false);
        task = null;
      }
    }

    private void sweep() {
      long now = loop.ticker().nanoTime();
      ChatConnectionHandler h = head;
      while (h != null) {
        ChatConnectionHandler next = h.sweepNext; // closing may unlink h (later, but be safe)
        if (now - h.lastReadNanos >= idleNanos) {
          log.debug("closing idle connection {}", h.session());
          remove(h);
          h.session().close();
        } else if (now - h.connectedNanos >= loginNanos && !h.session().isLoggedIn()) {
          log.debug("closing {}: no login within {} ms", h.session(), TimeUnit.NANOSECONDS.toMillis(loginNanos));
          remove(h);
          h.session().close();
        }
        h = next;
      }
    }
  }
}
