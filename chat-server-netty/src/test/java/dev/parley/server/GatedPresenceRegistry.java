package dev.parley.server;

import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.PresenceRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A presence registry whose look-ups block while the gate is closed, playing a store that is slow
 * or retrying during an outage. Bind, unbind and refresh pass straight through. The gate opens by
 * itself after a minute so a failed test cannot hang its threads.
 *
 * <p>Thread-safe.
 */
final class GatedPresenceRegistry implements PresenceRegistry {
  private final PresenceRegistry delegate;
  private final AtomicInteger blocked = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  GatedPresenceRegistry(PresenceRegistry delegate) {
    this.delegate = delegate;
  }

  /** From now on look-ups wait until {@link #open()}. */
  void close() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  /** Look-ups waiting at the gate right now. */
  int blockedLookups() {
    return blocked.get();
  }

  private void pass() {
    CountDownLatch g = gate;
    if (g.getCount() == 0) {
      return;
    }
    blocked.incrementAndGet();
    try {
      g.await(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      blocked.decrementAndGet();
    }
  }

  @Override
  public Optional<PresenceBinding> bind(long userId, String nodeId, String sessionId) {
    return delegate.bind(userId, nodeId, sessionId);
  }

  @Override
  public boolean unbind(long userId, String sessionId) {
    return delegate.unbind(userId, sessionId);
  }

  @Override
  public Optional<PresenceBinding> lookup(long userId) {
    pass();
    return delegate.lookup(userId);
  }

  @Override
  public Map<Long, PresenceBinding> lookupAll(Collection<Long> userIds) {
    pass();
    return delegate.lookupAll(userIds);
  }

  @Override
  public int refresh(Map<Long, String> sessionsByUser) {
    return delegate.refresh(sessionsByUser);
  }
}
