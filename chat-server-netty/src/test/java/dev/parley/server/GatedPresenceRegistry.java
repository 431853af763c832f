package dev.parley.server;

import dev.parley.core.model.BindResult;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.PresenceRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
  public BindResult bind(PresenceBinding session, LoginPolicy policy) {
    return delegate.bind(session, policy);
  }

  @Override
  public UnbindResult unbind(long userId, String sessionId) {
    return delegate.unbind(userId, sessionId);
  }

  @Override
  public List<PresenceBinding> sessions(long userId) {
    pass();
    return delegate.sessions(userId);
  }

  @Override
  public Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
    pass();
    return delegate.lookupAll(userIds);
  }

  @Override
  public int refresh(Collection<SessionRef> sessions) {
    return delegate.refresh(sessions);
  }
}
