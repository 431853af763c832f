package dev.parley.core.memory;

import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.NonBlocking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link BlockStore} in memory: per blocker, a map from blocked user id to when. Thread-safe: a
 * blocker's map is read and changed only under its own monitor (microseconds of work, no I/O), so
 * blockers never contend with each other.
 */
public final class InMemoryBlockStore implements BlockStore, NonBlocking {
  private static final Comparator<Block> MOST_RECENT_FIRST =
      Comparator.comparing(Block::blockedAt).reversed().thenComparing(Comparator.comparingLong(Block::blockedId).reversed());

  private final StripedLongMap<Map<Long, Instant>> byBlocker = new StripedLongMap<>();

  @Override
  public boolean block(long blockerId, long blockedId, Instant at) {
    Objects.requireNonNull(at, "at");
    Map<Long, Instant> blocks = byBlocker.computeIfAbsent(blockerId, k -> new HashMap<>());
    synchronized (blocks) {
      return blocks.putIfAbsent(blockedId, at) == null;
    }
  }

  @Override
  public boolean unblock(long blockerId, long blockedId) {
    Map<Long, Instant> blocks = byBlocker.get(blockerId);
    if (blocks == null) {
      return false;
    }
    synchronized (blocks) {
      return blocks.remove(blockedId) != null;
    }
  }

  @Override
  public boolean isBlocked(long blockerId, long blockedId) {
    Map<Long, Instant> blocks = byBlocker.get(blockerId);
    if (blocks == null) {
      return false;
    }
    synchronized (blocks) {
      return blocks.containsKey(blockedId);
    }
  }

  @Override
  public List<Block> blocked(long blockerId, int limit) {
    Map<Long, Instant> blocks = byBlocker.get(blockerId);
    if (blocks == null || limit <= 0) {
      return List.of();
    }
    List<Block> all = new ArrayList<>();
    synchronized (blocks) {
      blocks.forEach((id, at) -> all.add(new Block(id, at)));
    }
    all.sort(MOST_RECENT_FIRST);
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  @Override
  public int blockedCount(long blockerId) {
    Map<Long, Instant> blocks = byBlocker.get(blockerId);
    if (blocks == null) {
      return 0;
    }
    synchronized (blocks) {
      return blocks.size();
    }
  }
}
