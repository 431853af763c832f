package dev.parley.server.internal.node;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import java.util.ArrayList;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.netty.internal.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's periodic upkeep on its own thread (the calls block): registering with the
 * {@link NodeDirectory} and heartbeating the connection count (re-registering when the directory
 * has forgotten the node), and refreshing the presence bindings of every logged-in session in
 * batches so they outlive the registry's TTL while the node lives. When a refresh finds bindings
 * missing (the store restarted empty, or a binding expired), the sessions concerned are bound again
 * under their user's login lock; one whose user is now bound to another session lost to that newer
 * login and is kicked, as in a duplicate login.
 *
 * <p>Thread-safe: start and stop are called once each by the owning node.
 */
public final class NodeMaintenance {
  private static final Logger log = LoggerFactory.getLogger(NodeMaintenance.class);
  static final int REFRESH_BATCH = 500;

  private final ChatNodeInfo info;
  private final NodeDirectory directory;
  private final PresenceRegistry presence;
  private final LocalSessions sessions;
  private final LoginLock loginLock;
  private final Clock clock;
  private final LoginPolicy policy;
  private final ScheduledExecutorService scheduler;

  public NodeMaintenance(ChatNodeInfo info, NodeDirectory directory, PresenceRegistry presence,
      LocalSessions sessions, LoginLock loginLock, LoginPolicy policy, Clock clock) {
    this.policy = policy;
    this.info = info;
    this.loginLock = loginLock;
    this.directory = directory;
    this.presence = presence;
    this.sessions = sessions;
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("parley-" + info.nodeId() + "-maintenance-"));
  }

  /** Registers the node now, then heartbeats and refreshes presence at the given intervals. */
  public void start(Duration heartbeatEvery, Duration presenceRefreshEvery) {
    directory.register(info.withLoad(sessions.count(), clock.instant()));
    long hb = heartbeatEvery.toMillis();
    long pr = presenceRefreshEvery.toMillis();
    scheduler.scheduleWithFixedDelay(this::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::refreshPresence, pr, pr, TimeUnit.MILLISECONDS);
  }

  void heartbeat() {
    try {
      int load = sessions.count();
      if (!directory.heartbeat(info.nodeId(), load)) {
        log.info("node directory forgot node {}; registering again", info.nodeId());
        directory.register(info.withLoad(load, clock.instant()));
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat of node {} failed: {}", info.nodeId(), e.toString());
    }
  }

  void refreshPresence() {
    try {
      List<ChatSession> live = sessions.loggedIn();
      for (int from = 0; from < live.size(); from += REFRESH_BATCH) {
        List<ChatSession> batch = live.subList(from, Math.min(live.size(), from + REFRESH_BATCH));
        List<SessionRef> refs = new ArrayList<>(batch.size());
        for (ChatSession s : batch) {
          long userId = s.userId();
          if (userId != 0) {
            refs.add(new SessionRef(userId, s.sessionId()));
          }
        }
        if (presence.refresh(refs) < refs.size()) {
          repairBindings(batch);
        }
      }
    } catch (RuntimeException e) {
      log.warn("presence refresh of node {} failed: {}", info.nodeId(), e.toString());
    }
  }

  /**
   * Re-binds the sessions of {@code batch} whose binding is gone, unless another of the user's
   * sessions took its place (then it is closed with the reason the policy gives).
   */
  private void repairBindings(List<ChatSession> batch) {
    Map<Long, List<ChatSession>> byUser = new HashMap<>();
    for (ChatSession s : batch) {
      long userId = s.userId();
      if (userId != 0) {
        byUser.computeIfAbsent(userId, id -> new ArrayList<>()).add(s);
      }
    }
    Map<Long, List<PresenceBinding>> found = presence.lookupAll(byUser.keySet());
    byUser.forEach((userId, mine) -> {
      List<PresenceBinding> bound = found.getOrDefault(userId, List.of());
      for (ChatSession s : mine) {
        if (bound.stream().noneMatch(b -> b.sessionId().equals(s.sessionId()))) {
          try {
            loginLock.withLock(userId, () -> repair(userId, s)); // a login in flight finishes first
          } catch (RuntimeException e) {
            log.warn("could not restore presence of user {} session {}: {}", userId, s.sessionId(), e.toString());
          }
        }
      }
    });
  }

  private Void repair(long userId, ChatSession s) {
    DeviceInfo device = s.device();
    if (s.userId() != userId || s.isClosing() || device == null) {
      return null; // logged out or closed meanwhile; its own clean-up handles presence
    }
    List<PresenceBinding> live = presence.sessions(userId);
    if (live.stream().anyMatch(b -> b.sessionId().equals(s.sessionId()))) {
      return null; // bound again meanwhile
    }
    PresenceBinding mine = new PresenceBinding(userId, info.nodeId(), s.sessionId(), device.deviceId(),
        device.platform(), clock.instant());
    List<Eviction> conflicts = policy.evictions(live, mine);
    if (conflicts.isEmpty()) {
      log.info("presence of user {} session {} was lost; binding it again", userId, s.sessionId());
      presence.bind(mine, policy); // evicts nobody: nothing conflicts
    } else {
      // A session that conflicts with this one is bound, so this one was evicted by a newer login
      // whose kick did not arrive: close it, never the other.
      KickReason reason = conflicts.get(0).reason();
      log.info("user {} session {} was replaced ({}); closing it", userId, s.sessionId(), reason);
      s.closeAfter(Frames.kicked(reason, Frames.kickText(reason)));
    }
    return null;
  }

  /** Stops the upkeep and removes the node from the directory. */
  public void stop() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      directory.deregister(info.nodeId());
    } catch (RuntimeException e) {
      log.warn("could not deregister node {}: {}", info.nodeId(), e.toString());
    }
  }
}
