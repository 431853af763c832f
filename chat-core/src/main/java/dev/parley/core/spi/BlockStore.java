package dev.parley.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * Who each user blocked (issue 15). A block is one-directional: {@code blockerId} refuses
 * {@code blockedId}'s messages, friend requests and group invites, and hides its presence from
 * them. Implementations are thread-safe and may block.
 */
public interface BlockStore {
  /** A block as listed: the blocked user and when. */
  record Block(long blockedId, Instant blockedAt) {}

  /**
   * Records that {@code blockerId} blocks {@code blockedId} at {@code at}; false (and no change)
   * when it already did.
   */
  boolean block(long blockerId, long blockedId, Instant at);

  /** Removes the block; false when there was none. */
  boolean unblock(long blockerId, long blockedId);

  /** Whether {@code blockerId} blocks {@code blockedId}. */
  boolean isBlocked(long blockerId, long blockedId);

  /** {@code blockerId}'s blocks, most recent first, at most {@code limit}. */
  List<Block> blocked(long blockerId, int limit);

  /** How many users {@code blockerId} blocks. */
  int blockedCount(long blockerId);
}
