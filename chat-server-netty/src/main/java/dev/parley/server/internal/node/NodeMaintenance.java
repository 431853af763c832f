package dev.parley.server.internal.node;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
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
 * batches so they outlive the registry's TTL while the node lives.
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
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  public NodeMaintenance(ChatNodeInfo info, NodeDirectory directory, PresenceRegistry presence,
      LocalSessions sessions, Clock clock) {
    this.info = info;
    this.directory = directory;
    this.presence = presence;
    this.sessions = sessions;
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "parley-" + info.nodeId() + "-maintenance");
      t.setDaemon(true);
      return t;
    });
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
        Map<Long, String> batch = new HashMap<>();
        for (ChatSession s : live.subList(from, Math.min(live.size(), from + REFRESH_BATCH))) {
          batch.put(s.userId(), s.sessionId());
        }
        presence.refresh(batch);
      }
    } catch (RuntimeException e) {
      log.warn("presence refresh of node {} failed: {}", info.nodeId(), e.toString());
    }
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
