package dev.parley.server.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.testing.Latches;
import dev.parley.server.testing.DelegatingFriendStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The friendship cache: answers are cached both ways, changes made through any node's decorator
 * drop them on every node sharing the feed, a load racing an invalidation is not kept, and the TTL
 * and the size bound hold.
 */
class CachingFriendStoreTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  private final CountingFriendStore store = new CountingFriendStore(new InMemoryFriendStore());
  private final InMemoryChangeFeed feed = new InMemoryChangeFeed();
  private final FakeTicker ticker = new FakeTicker();
  private final CachingFriendStore node1 = new CachingFriendStore(store, feed, new CacheSettings(1000, TTL), ticker);
  private final CachingFriendStore node2 = new CachingFriendStore(store, feed, new CacheSettings(1000, TTL), ticker);

  @AfterEach
  void close() {
    node1.close();
    node2.close();
  }

  @Test
  void aSecondCheckOfThePairIsAnsweredFromTheCacheEitherWayRound() {
    befriend(1, 2);

    assertThat(node1.areFriends(1, 2)).isTrue();
    assertThat(node1.areFriends(2, 1)).isTrue();
    assertThat(node1.areFriends(1, 2)).isTrue();

    assertThat(store.checks.get()).isEqualTo(1);
    assertThat(node1.counts().hits().getAsLong()).isEqualTo(2);
    assertThat(node1.counts().misses().getAsLong()).isEqualTo(1);
  }

  @Test
  void aNoIsCachedToo() {
    assertThat(node1.areFriends(1, 2)).isFalse();
    assertThat(node1.areFriends(1, 2)).isFalse();

    assertThat(store.checks.get()).isEqualTo(1);
  }

  @Test
  void aRemovalOnAnotherNodeIsRefusedAtOnceOnThisOne() {
    befriend(1, 2);
    assertThat(node1.areFriends(1, 2)).isTrue();
    long before = node1.counts().invalidations().getAsLong();

    assertThat(node2.removeFriendship(2, 1)).isTrue();

    assertThat(node1.areFriends(1, 2)).isFalse();
    assertThat(node1.counts().invalidations().getAsLong()).isEqualTo(before + 1);
  }

  @Test
  void anAcceptOnAnotherNodeReplacesACachedNo() {
    assertThat(node1.areFriends(1, 2)).isFalse();

    FriendRequest r = node2.addRequest(1, 2, "", "");
    node2.acceptRequest(r.id(), "");

    assertThat(node1.areFriends(1, 2)).isTrue();
  }

  @Test
  void aRemovalOnThisNodeIsSeenHereEvenWithoutTheFeed() {
    ChangeFeed deaf = new SilentFeed();
    CachingFriendStore alone = new CachingFriendStore(store, deaf, new CacheSettings(1000, TTL), ticker);
    befriend(1, 2);
    assertThat(alone.areFriends(1, 2)).isTrue();

    alone.removeFriendship(1, 2);

    assertThat(alone.areFriends(1, 2)).isFalse();
  }

  @Test
  void aLoadThatReadTheOldAnswerBeforeAnInvalidationIsNotKept() throws Exception {
    befriend(1, 2);
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    store.afterRead = () -> {
      read.countDown();
      Latches.await(release, 10);
    };
    CompletableFuture<Boolean> inFlight = CompletableFuture.supplyAsync(() -> node1.areFriends(1, 2));
    Latches.await(read, 10); // the load has read "friends" and has not finished yet
    store.afterRead = () -> {};

    node2.removeFriendship(1, 2); // the invalidation arrives while the load is in flight
    release.countDown();

    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isTrue(); // its own caller read before the removal
    assertThat(node1.areFriends(1, 2)).isFalse();
  }

  @Test
  void withoutANoticeTheTtlBoundsHowLongAnAnswerIsKept() {
    befriend(1, 2);
    assertThat(node1.areFriends(1, 2)).isTrue();
    store.removeFriendship(1, 2); // straight in the store: nobody is told

    ticker.advance(TTL.minusSeconds(1));
    assertThat(node1.areFriends(1, 2)).isTrue();
    ticker.advance(Duration.ofSeconds(2));
    assertThat(node1.areFriends(1, 2)).isFalse();
  }

  @Test
  void aResubscriptionDropsEverything() {
    SilentFeed manual = new SilentFeed();
    CachingFriendStore cached = new CachingFriendStore(store, manual, new CacheSettings(1000, TTL), ticker);
    befriend(1, 2);
    assertThat(cached.areFriends(1, 2)).isTrue();
    store.removeFriendship(1, 2);

    manual.listener.resubscribed();

    assertThat(cached.areFriends(1, 2)).isFalse();
  }

  @Test
  void theCacheHoldsAtMostItsBound() {
    CachingFriendStore small = new CachingFriendStore(store, feed, new CacheSettings(10, TTL), ticker);
    for (long id = 10; id < 110; id++) {
      small.areFriends(1, id);
    }

    assertThat(small.cache().size()).isLessThanOrEqualTo(10);
    small.close();
  }

  @Test
  void aFailedLoadIsNotCached() {
    store.failNext = true;
    assertThatThrownBy(() -> node1.areFriends(1, 2)).isInstanceOf(IllegalStateException.class);
    befriend(1, 2);

    assertThat(node1.areFriends(1, 2)).isTrue();
  }

  private void befriend(long a, long b) {
    FriendRequest r = store.addRequest(a, b, "", "");
    store.acceptRequest(r.id(), "");
  }

  /** A feed that delivers nothing but lets the test play its subscriber. */
  static final class SilentFeed implements ChangeFeed {
    volatile Listener listener;

    @Override
    public void publish(String topic, String key) {}

    @Override
    public Subscription subscribe(String topic, Listener l) {
      listener = l;
      return () -> {};
    }
  }

  /** An in-memory friend store that counts friendship reads and can pause or fail them. */
  static final class CountingFriendStore extends DelegatingFriendStore {
    final AtomicInteger checks = new AtomicInteger();
    volatile Runnable afterRead = () -> {};
    volatile boolean failNext;

    CountingFriendStore(InMemoryFriendStore store) {
      super(store);
    }

    @Override
    public boolean areFriends(long userId, long otherId) {
      checks.incrementAndGet();
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("store down");
      }
      boolean answer = super.areFriends(userId, otherId);
      afterRead.run();
      return answer;
    }
  }
}
