package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The boxing-free long-keyed maps of the in-memory stores: growth, collisions, replacement, races. */
class LongObjectMapTest {
  @Test
  void keepsEveryEntryWhileGrowingFromItsInitialSize() {
    LongObjectMap<String> map = new LongObjectMap<>(2);
    for (long k = 1; k <= 100_000; k++) {
      assertThat(map.put(k * 1_000_003L, "v" + k)).isNull();
    }
    assertThat(map.size()).isEqualTo(100_000);
    for (long k = 1; k <= 100_000; k++) {
      assertThat(map.get(k * 1_000_003L)).isEqualTo("v" + k);
    }
    assertThat(map.get(7)).isNull();
  }

  @Test
  void keysThatDifferOnlyInHighBitsOrByAStrideAreAllFound() {
    LongObjectMap<Long> map = new LongObjectMap<>();
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      keys.add((long) i << 40);
      keys.add(1024L * i + 1);
      keys.add(-i - 1L);
    }
    keys.add(Long.MIN_VALUE); // 0 is in already (i = 0)
    keys.add(Long.MAX_VALUE);
    keys.forEach(k -> map.put(k, k));
    assertThat(map.size()).isEqualTo(keys.size());
    keys.forEach(k -> assertThat(map.get(k)).isEqualTo(k));
  }

  @Test
  void putReplacesAndReturnsThePreviousValue() {
    LongObjectMap<String> map = new LongObjectMap<>();
    map.put(5, "a");
    assertThat(map.put(5, "b")).isEqualTo("a");
    assertThat(map.get(5)).isEqualTo("b");
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void computeIfAbsentMakesAValueOnce() {
    LongObjectMap<String> map = new LongObjectMap<>();
    AtomicInteger made = new AtomicInteger();
    assertThat(map.computeIfAbsent(9, k -> "made " + k + " #" + made.incrementAndGet())).isEqualTo("made 9 #1");
    assertThat(map.computeIfAbsent(9, k -> "made " + k + " #" + made.incrementAndGet())).isEqualTo("made 9 #1");
  }

  @Test
  void nullValuesAreRefused() {
    assertThatThrownBy(() -> new LongObjectMap<String>().put(1, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theStripedMapMakesEachValueOnceUnderConcurrency() throws Exception {
    StripedLongMap<Object> map = new StripedLongMap<>();
    int threads = 4;
    int keys = 20_000;
    AtomicInteger made = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object[]>> seen = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        seen.add(pool.submit(() -> {
          start.await();
          Object[] got = new Object[keys];
          for (int k = 0; k < keys; k++) {
            got[k] = map.computeIfAbsent(k + 1, key -> {
              made.incrementAndGet();
              return new Object();
            });
          }
          return got;
        }));
      }
      start.countDown();
      Object[] first = seen.get(0).get(30, TimeUnit.SECONDS);
      for (Future<Object[]> f : seen) {
        assertThat(f.get(30, TimeUnit.SECONDS)).containsExactly(first);
      }
      assertThat(made).hasValue(keys);
      for (int k = 0; k < keys; k++) {
        assertThat(map.get(k + 1)).isSameAs(first[k]);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
