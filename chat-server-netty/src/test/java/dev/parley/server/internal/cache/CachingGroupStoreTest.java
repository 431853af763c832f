package dev.parley.server.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.NewGroup;
import dev.parley.core.spi.GroupStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group membership cache: member ids and memberships are cached, every membership change made
 * through any node's decorator drops them on every node sharing the feed, {@code find} (and its
 * last seq) is never cached, and the TTL holds.
 */
class CachingGroupStoreTest {
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final GroupStore store = counting(new InMemoryGroupStore());
  private final InMemoryChangeFeed feed = new InMemoryChangeFeed();
  private final FakeTicker ticker = new FakeTicker();
  private final CachingGroupStore node1 = new CachingGroupStore(store, feed, new CacheSettings(1000, TTL), ticker);
  private final CachingGroupStore node2 = new CachingGroupStore(store, feed, new CacheSettings(1000, TTL), ticker);

  @AfterEach
  void close() {
    node1.close();
    node2.close();
  }

  /** {@code delegate} behind a proxy that counts calls by method name. */
  private GroupStore counting(GroupStore delegate) {
    InvocationHandler h = (proxy, method, args) -> {
      calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
      try {
        return method.invoke(delegate, args);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (GroupStore) Proxy.newProxyInstance(GroupStore.class.getClassLoader(), new Class<?>[] {GroupStore.class}, h);
  }

  private int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  private Group group(long owner, Long... members) {
    return node1.create(new NewGroup(owner, List.of(members), "g", "", "", JoinPolicy.INVITE_ONLY, false, 10), NOW);
  }

  @Test
  void memberIdsAndMembershipsAreReadOncePerNode() {
    Group g = group(1, 2L, 3L);
    for (int i = 0; i < 3; i++) {
      assertThat(node1.memberIds(g.id())).containsExactly(1, 2, 3);
      assertThat(node1.member(g.id(), 2)).hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(GroupRole.MEMBER));
      assertThat(node1.member(g.id(), 9)).isEmpty();
    }
    assertThat(calls("memberIds")).isEqualTo(1);
    assertThat(calls("member")).isEqualTo(2);
    assertThat(node1.counts().hits().getAsLong()).isEqualTo(6);
  }

  @Test
  void aCallerChangingTheIdsItGotChangesNothingCached() {
    Group g = group(1, 2L);
    node1.memberIds(g.id())[0] = 99;
    assertThat(node1.memberIds(g.id())).containsExactly(1, 2);
  }

  @Test
  void membershipChangesOnAnotherNodeAreSeenAtOnce() {
    Group g = group(1, 2L, 3L);
    assertThat(node1.memberIds(g.id())).containsExactly(1, 2, 3);
    assertThat(node1.member(g.id(), 4)).isEmpty();
    assertThat(node1.member(g.id(), 3)).isPresent();

    node2.addMembers(g.id(), 1, List.of(4L), NOW);
    assertThat(node1.memberIds(g.id())).containsExactly(1, 2, 3, 4);
    assertThat(node1.member(g.id(), 4)).isPresent();

    node2.removeMember(g.id(), 1, 3, GroupMessageKind.MEMBER_KICKED, NOW);
    assertThat(node1.memberIds(g.id())).containsExactly(1, 2, 4);
    assertThat(node1.member(g.id(), 3)).as("a kicked member is no member on any node").isEmpty();

    node2.mute(g.id(), 1, 2, NOW.plusSeconds(60), NOW);
    assertThat(node1.member(g.id(), 2)).hasValueSatisfying(m -> assertThat(m.mutedUntil()).isNotNull());
    node2.setRole(g.id(), 1, 2, GroupRole.ADMIN, NOW);
    assertThat(node1.member(g.id(), 2)).hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(GroupRole.ADMIN));
    node2.transferOwnership(g.id(), 1, 4, NOW);
    assertThat(node1.member(g.id(), 4)).hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(GroupRole.OWNER));
    assertThat(node1.member(g.id(), 1)).hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(GroupRole.ADMIN));
  }

  @Test
  void anAckOnAnotherNodeMovesTheCachedReadPosition() {
    Group g = group(1, 2L);
    node1.append(g.id(), 1, "c1", "hi", NOW);
    assertThat(node1.member(g.id(), 2)).hasValueSatisfying(m -> assertThat(m.readSeq()).isZero());
    node2.ack(g.id(), 2, 2);
    assertThat(node1.member(g.id(), 2)).hasValueSatisfying(m -> assertThat(m.readSeq()).isEqualTo(2));
  }

  @Test
  void aDissolvedGroupHasNoMembersOnAnyNode() {
    Group g = group(1, 2L);
    assertThat(node1.memberIds(g.id())).hasSize(2);
    assertThat(node1.member(g.id(), 2)).isPresent();
    node2.dissolve(g.id(), 1, NOW);
    assertThat(node1.memberIds(g.id())).isEmpty();
    assertThat(node1.member(g.id(), 2)).isEmpty();
  }

  @Test
  void findIsNeverCachedSoTheLastSeqIsExact() {
    Group g = group(1, 2L);
    assertThat(node1.find(g.id()).orElseThrow().lastSeq()).isEqualTo(1);
    node2.append(g.id(), 2, "c1", "hi", NOW);
    assertThat(node1.find(g.id()).orElseThrow().lastSeq()).isEqualTo(2);
    assertThat(calls("find")).isEqualTo(2);
  }

  @Test
  void aLostNoticeIsBoundedByTheTtl() {
    Group g = group(1, 2L);
    assertThat(node1.memberIds(g.id())).hasSize(2);
    store.addMembers(g.id(), 1, List.of(3L), NOW); // behind the decorators' backs: no notice
    assertThat(node1.memberIds(g.id())).hasSize(2);
    ticker.advance(TTL.plusSeconds(1));
    assertThat(node1.memberIds(g.id())).containsExactly(1, 2, 3);
  }
}
