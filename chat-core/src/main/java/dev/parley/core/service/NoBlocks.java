package dev.parley.core.service;

import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.NonBlocking;
import java.time.Instant;
import java.util.List;

/**
 * The block store of the services' older constructors: nobody blocks anybody, and a block cannot
 * be recorded. Stateless and thread-safe.
 */
final class NoBlocks implements BlockStore, NonBlocking {
  static final NoBlocks INSTANCE = new NoBlocks();

  private NoBlocks() {}

  @Override
  public boolean block(long blockerId, long blockedId, Instant at) {
    throw new UnsupportedOperationException("this service was built without a BlockStore");
  }

  @Override
  public boolean unblock(long blockerId, long blockedId) {
    return false;
  }

  @Override
  public boolean isBlocked(long blockerId, long blockedId) {
    return false;
  }

  @Override
  public List<Block> blocked(long blockerId, int limit) {
    return List.of();
  }

  @Override
  public int blockedCount(long blockerId) {
    return 0;
  }
}
