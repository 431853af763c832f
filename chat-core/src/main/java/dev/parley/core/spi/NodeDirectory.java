package dev.parley.core.spi;

import dev.parley.core.model.ChatNodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The registry of chat nodes. A node is live while it heartbeats; one silent for longer than the
 * directory's stale-after period is out of rotation. Implementations are thread-safe and may block.
 */
public interface NodeDirectory {
  /**
   * Default stale-after period; nodes should heartbeat at least three times within it (DESIGN
   * section 7). The one default: the in-memory and Redis directories, and so every role, use it.
   */
  Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(15);

  /** Registers (or re-registers) a node; it is live from now. */
  void register(ChatNodeInfo node);

  /** Records a heartbeat with the node's current load; false when the node is unknown (it should re-register). */
  boolean heartbeat(String nodeId, int load);

  /** Removes a node; false when unknown. */
  boolean deregister(String nodeId);

  Optional<ChatNodeInfo> find(String nodeId);

  /** All live nodes, ordered by node id. */
  List<ChatNodeInfo> liveNodes();

  /**
   * Picks the live node with the least load, counting the assignments handed out since its last
   * heartbeat as load, and counts this assignment; empty when no node is live.
   */
  Optional<ChatNodeInfo> assign();
}
