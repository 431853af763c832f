package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.BlockStore.Block;
import dev.parley.core.testing.Concurrently;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link BlockStore}. {@link #newStore()} is called before each test and may
 * return a shared instance: the tests draw user ids no other test (or earlier run) uses.
 */
public abstract class BlockStoreContract {
  // Ids far from any real account, different per run so a shared database can be reused.
  private static final AtomicLong NEXT_USER = new AtomicLong(System.currentTimeMillis() * 1000);

  protected BlockStore store;

  protected abstract BlockStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static long user() {
    return NEXT_USER.incrementAndGet();
  }

  /** Whole microseconds: what every backend keeps. */
  protected static Instant at(long second) {
    return Instant.parse("2026-03-01T10:00:00.123456Z").plusSeconds(second);
  }

  @Test
  void aBlockIsOneDirectional() {
    long a = user();
    long b = user();
    assertThat(store.isBlocked(a, b)).isFalse();

    assertThat(store.block(a, b, at(0))).isTrue();

    assertThat(store.isBlocked(a, b)).isTrue();
    assertThat(store.isBlocked(b, a)).isFalse();
    assertThat(store.blockedCount(a)).isEqualTo(1);
    assertThat(store.blockedCount(b)).isZero();
    assertThat(store.blocked(a, 10)).containsExactly(new Block(b, at(0)));
    assertThat(store.blocked(b, 10)).isEmpty();
  }

  @Test
  void blockingAgainChangesNothing() {
    long a = user();
    long b = user();
    store.block(a, b, at(0));

    assertThat(store.block(a, b, at(5))).isFalse();

    assertThat(store.blocked(a, 10)).containsExactly(new Block(b, at(0)));
    assertThat(store.blockedCount(a)).isEqualTo(1);
  }

  @Test
  void unblockRemovesTheBlockOnce() {
    long a = user();
    long b = user();
    store.block(a, b, at(0));

    assertThat(store.unblock(a, b)).isTrue();
    assertThat(store.unblock(a, b)).isFalse();

    assertThat(store.isBlocked(a, b)).isFalse();
    assertThat(store.blocked(a, 10)).isEmpty();
    assertThat(store.blockedCount(a)).isZero();
    assertThat(store.block(a, b, at(9))).isTrue();
    assertThat(store.blocked(a, 10)).containsExactly(new Block(b, at(9)));
  }

  @Test
  void unblockingSomeoneNeverBlockedIsFalse() {
    assertThat(store.unblock(user(), user())).isFalse();
  }

  @Test
  void listsMostRecentFirstUpToTheLimit() {
    long a = user();
    long first = user();
    long second = user();
    long third = user();
    store.block(a, second, at(2));
    store.block(a, first, at(1));
    store.block(a, third, at(3));

    assertThat(store.blocked(a, 10)).extracting(Block::blockedId).containsExactly(third, second, first);
    assertThat(store.blocked(a, 2)).extracting(Block::blockedId).containsExactly(third, second);
    assertThat(store.blocked(a, 0)).isEmpty();
    assertThat(store.blockedCount(a)).isEqualTo(3);
  }

  @Test
  void sameTimeBlocksListInADeterministicOrder() {
    long a = user();
    long b = user();
    long c = user();
    store.block(a, b, at(1));
    store.block(a, c, at(1));

    List<Block> listed = store.blocked(a, 10);
    assertThat(listed).extracting(Block::blockedId).containsExactly(c, b);
  }

  @Test
  void concurrentBlocksOfOnePairCountOnce() {
    long a = user();
    long b = user();
    List<Boolean> won = Concurrently.call(8, i -> store.block(a, b, at(i)));
    assertThat(won).containsOnlyOnce(true);
    assertThat(store.blockedCount(a)).isEqualTo(1);
  }
}
