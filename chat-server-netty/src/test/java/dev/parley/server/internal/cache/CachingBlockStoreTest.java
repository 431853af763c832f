package dev.parley.server.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.spi.BlockStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The block cache of two nodes sharing one store and one feed: answers are cached both ways, a
 * block or unblock on either node drops the entry on both, and the TTL is the backstop.
 */
class CachingBlockStoreTest {
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  private final CountingBlockStore store = new CountingBlockStore(new InMemoryBlockStore());
  private final InMemoryChangeFeed feed = new InMemoryChangeFeed();
  private final FakeTicker ticker = new FakeTicker();
  private final CachingBlockStore node1 = new CachingBlockStore(store, feed, new CacheSettings(1000, TTL), ticker);
  private final CachingBlockStore node2 = new CachingBlockStore(store, feed, new CacheSettings(1000, TTL), ticker);

  @AfterEach
  void close() {
    node1.close();
    node2.close();
  }

  @Test
  void aSecondCheckIsAnsweredFromTheCacheYesOrNo() {
    store.block(1, 2, AT);
    assertThat(node1.isBlocked(1, 2)).isTrue();
    assertThat(node1.isBlocked(1, 2)).isTrue();
    assertThat(node1.isBlocked(2, 1)).isFalse();
    assertThat(node1.isBlocked(2, 1)).isFalse();

    assertThat(store.checks.get()).isEqualTo(2);
    assertThat(node1.counts().hits().getAsLong()).isEqualTo(2);
  }

  @Test
  void aBlockOnAnotherNodeReplacesACachedNo() {
    assertThat(node1.isBlocked(1, 2)).isFalse();

    assertThat(node2.block(1, 2, AT)).isTrue();

    assertThat(node1.isBlocked(1, 2)).isTrue();
    assertThat(node2.isBlocked(1, 2)).isTrue();
  }

  @Test
  void anUnblockOnAnotherNodeReplacesACachedYes() {
    node1.block(1, 2, AT);
    assertThat(node1.isBlocked(1, 2)).isTrue();
    assertThat(node2.isBlocked(1, 2)).isTrue();

    assertThat(node2.unblock(1, 2)).isTrue();

    assertThat(node1.isBlocked(1, 2)).isFalse();
    assertThat(node2.isBlocked(1, 2)).isFalse();
  }

  @Test
  void aChangeMadeBehindTheCacheShowsAfterTheTtl() {
    assertThat(node1.isBlocked(1, 2)).isFalse();
    store.block(1, 2, AT); // not through a node: no notice

    assertThat(node1.isBlocked(1, 2)).isFalse();
    ticker.advance(TTL.plusSeconds(1));
    assertThat(node1.isBlocked(1, 2)).isTrue();
  }

  @Test
  void listingAndCountingReadTheStore() {
    node1.block(1, 2, AT);
    node2.block(1, 3, AT.plusSeconds(1));

    assertThat(node1.blocked(1, 10)).extracting(BlockStore.Block::blockedId).containsExactly(3L, 2L);
    assertThat(node2.blockedCount(1)).isEqualTo(2);
  }

  /** Counts the look-ups that reach the store. */
  private static final class CountingBlockStore implements BlockStore {
    final AtomicInteger checks = new AtomicInteger();
    private final BlockStore store;

    CountingBlockStore(BlockStore store) {
      this.store = store;
    }

    @Override
    public boolean block(long blockerId, long blockedId, Instant at) {
      return store.block(blockerId, blockedId, at);
    }

    @Override
    public boolean unblock(long blockerId, long blockedId) {
      return store.unblock(blockerId, blockedId);
    }

    @Override
    public boolean isBlocked(long blockerId, long blockedId) {
      checks.incrementAndGet();
      return store.isBlocked(blockerId, blockedId);
    }

    @Override
    public List<Block> blocked(long blockerId, int limit) {
      return store.blocked(blockerId, limit);
    }

    @Override
    public int blockedCount(long blockerId) {
      return store.blockedCount(blockerId);
    }
  }
}
