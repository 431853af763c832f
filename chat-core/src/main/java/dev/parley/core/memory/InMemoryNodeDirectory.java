package dev.parley.core.memory;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.NonBlocking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link NodeDirectory} in memory. A node is live while its last heartbeat (or registration) is
 * no older than {@code staleAfter} by the injected clock. {@link #assign} counts each assignment
 * against the node until its next heartbeat reports the real load, so a burst of logins between
 * heartbeats spreads over the nodes instead of piling onto the one that looked emptiest.
 *
 * <p>Thread-safe: every method is synchronized on this directory (a cluster has few nodes and
 * each operation is short).
 */
public final class InMemoryNodeDirectory implements NodeDirectory, NonBlocking {
  private final Map<String, Registered> nodes = new TreeMap<>();
  private final Duration staleAfter;
  private final Clock clock;

  /** A directory with the default 15 s stale-after period on the system UTC clock. */
  public InMemoryNodeDirectory() {
    this(DEFAULT_STALE_AFTER, Clock.systemUTC());
  }

  /** A directory where a node silent for longer than {@code staleAfter} by {@code clock} is out of rotation. */
  public InMemoryNodeDirectory(Duration staleAfter, Clock clock) {
    this.staleAfter = Durations.requirePositive(staleAfter, "staleAfter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void register(ChatNodeInfo node) {
    Objects.requireNonNull(node, "node");
    nodes.put(node.nodeId(), new Registered(node.withLoad(node.load(), clock.instant())));
  }

  @Override
  public synchronized boolean heartbeat(String nodeId, int load) {
    Registered r = nodes.get(nodeId);
    if (r == null) {
      return false;
    }
    r.info = r.info.withLoad(load, clock.instant());
    r.assignedSinceHeartbeat = 0;
    return true;
  }

  @Override
  public synchronized boolean deregister(String nodeId) {
    return nodes.remove(nodeId) != null;
  }

  @Override
  public synchronized Optional<ChatNodeInfo> find(String nodeId) {
    Registered r = nodes.get(nodeId);
    return r == null ? Optional.empty() : Optional.of(r.info);
  }

  @Override
  public synchronized List<ChatNodeInfo> liveNodes() {
    Instant now = clock.instant();
    List<ChatNodeInfo> live = new ArrayList<>();
    for (Registered r : nodes.values()) { // a TreeMap: ordered by node id
      if (r.isLiveAt(now)) {
        live.add(r.info);
      }
    }
    return live;
  }

  @Override
  public synchronized Optional<ChatNodeInfo> assign() {
    Instant now = clock.instant();
    Registered best = null;
    for (Registered r : nodes.values()) { // ties go to the smallest node id
      if (r.isLiveAt(now) && (best == null || r.effectiveLoad() < best.effectiveLoad())) {
        best = r;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    best.assignedSinceHeartbeat++;
    return Optional.of(best.info);
  }

  /** A node's last report plus the assignments since. Guarded by the directory's monitor. */
  private final class Registered {
    ChatNodeInfo info;
    long assignedSinceHeartbeat;

    Registered(ChatNodeInfo info) {
      this.info = info;
    }

    long effectiveLoad() {
      return info.load() + assignedSinceHeartbeat;
    }

    boolean isLiveAt(Instant now) {
      return !now.isAfter(info.lastHeartbeat().plus(staleAfter));
    }
  }
}
