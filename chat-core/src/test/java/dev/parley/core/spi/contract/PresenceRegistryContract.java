package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PresenceRegistry}: bindings, session-checked unbind and refresh, and
 * expiry judged by the injected clock. User ids are random, so a shared backend is fine.
 */
public abstract class PresenceRegistryContract {
  protected static final Duration TTL = Duration.ofSeconds(30);
  private static final Duration MS = Duration.ofMillis(1);

  protected MutableClock clock;
  protected PresenceRegistry registry;

  /** A registry whose bindings live {@code ttl} unless refreshed, by {@code clock}. */
  protected abstract PresenceRegistry newRegistry(Duration ttl, Clock clock);

  @BeforeEach
  void createRegistry() {
    clock = new MutableClock();
    registry = newRegistry(TTL, clock);
  }

  @Test
  void bindMakesTheUserVisible() {
    long user = UniqueNames.userId();
    assertThat(registry.lookup(user)).isEmpty();

    assertThat(registry.bind(user, "node-1", "s1")).isEmpty();

    assertThat(registry.lookup(user)).contains(new PresenceBinding(user, "node-1", "s1", clock.instant()));
  }

  @Test
  void bindReturnsTheLiveBindingItReplaces() {
    long user = UniqueNames.userId();
    registry.bind(user, "node-1", "s1");
    PresenceBinding first = registry.lookup(user).orElseThrow();
    clock.advance(Duration.ofSeconds(5));

    assertThat(registry.bind(user, "node-2", "s2")).contains(first);
    assertThat(registry.lookup(user).orElseThrow().sessionId()).isEqualTo("s2");
    assertThat(registry.lookup(user).orElseThrow().nodeId()).isEqualTo("node-2");
  }

  @Test
  void bindingsExpireAfterTheTtl() {
    long user = UniqueNames.userId();
    registry.bind(user, "node-1", "s1");
    clock.advance(TTL.minus(MS));
    assertThat(registry.lookup(user)).isPresent();
    clock.advance(MS.multipliedBy(2));
    assertThat(registry.lookup(user)).isEmpty();
    assertThat(registry.bind(user, "node-2", "s2")).as("an expired binding is not 'previous'").isEmpty();
  }

  @Test
  void unbindRemovesOnlyTheMatchingSession() {
    long user = UniqueNames.userId();
    registry.bind(user, "node-1", "s1");
    registry.bind(user, "node-1", "s2");

    assertThat(registry.unbind(user, "s1")).isFalse();
    assertThat(registry.lookup(user).orElseThrow().sessionId()).isEqualTo("s2");
    assertThat(registry.unbind(user, "s2")).isTrue();
    assertThat(registry.lookup(user)).isEmpty();
    assertThat(registry.unbind(user, "s2")).isFalse();
  }

  @Test
  void unbindOfAnExpiredBindingReportsNothingRemoved() {
    long user = UniqueNames.userId();
    registry.bind(user, "node-1", "s1");
    clock.advance(TTL.plus(MS));
    assertThat(registry.unbind(user, "s1")).isFalse();
    assertThat(registry.lookup(user)).isEmpty();
  }

  @Test
  void refreshExtendsOnlyBindingsOfTheNamedSessions() {
    long mine = UniqueNames.userId();
    long replaced = UniqueNames.userId();
    long unknown = UniqueNames.userId();
    registry.bind(mine, "node-1", "s-mine");
    registry.bind(replaced, "node-2", "s-new");
    clock.advance(TTL.minus(MS));

    Map<Long, String> sessions = new HashMap<>();
    sessions.put(mine, "s-mine");
    sessions.put(replaced, "s-old");
    sessions.put(unknown, "s-x");
    assertThat(registry.refresh(sessions)).isEqualTo(1);

    clock.advance(TTL.minus(MS));
    assertThat(registry.lookup(mine)).isPresent();
    assertThat(registry.lookup(replaced)).isEmpty();
    assertThat(registry.lookup(unknown)).isEmpty();
    clock.advance(MS.multipliedBy(2));
    assertThat(registry.lookup(mine)).isEmpty();
  }

  @Test
  void refreshDoesNotReviveAnExpiredBinding() {
    long user = UniqueNames.userId();
    registry.bind(user, "node-1", "s1");
    clock.advance(TTL.plus(MS));
    assertThat(registry.refresh(Map.of(user, "s1"))).isZero();
    assertThat(registry.lookup(user)).isEmpty();
  }

  @Test
  void lookupAllReturnsOnlyLiveBindings() {
    long early = UniqueNames.userId();
    long late = UniqueNames.userId();
    long never = UniqueNames.userId();
    registry.bind(early, "node-1", "s1");
    clock.advance(Duration.ofSeconds(20));
    registry.bind(late, "node-2", "s2");
    clock.advance(Duration.ofSeconds(20));

    Map<Long, PresenceBinding> found = registry.lookupAll(List.of(early, late, never));
    assertThat(found).containsOnlyKeys(late);
    assertThat(found.get(late).nodeId()).isEqualTo("node-2");
  }

  @Test
  void concurrentBindsEachReplaceExactlyOnePredecessor() {
    long user = UniqueNames.userId();
    int sessions = 8;
    List<Optional<PresenceBinding>> previous = Concurrently.call(sessions, i -> registry.bind(user, "node", "s" + i));

    assertThat(previous).filteredOn(Optional::isEmpty).hasSize(1);
    Set<String> replaced = previous.stream().flatMap(Optional::stream).map(PresenceBinding::sessionId)
        .collect(Collectors.toSet());
    String last = registry.lookup(user).orElseThrow().sessionId();
    assertThat(replaced).hasSize(sessions - 1).doesNotContain(last);
  }
}
