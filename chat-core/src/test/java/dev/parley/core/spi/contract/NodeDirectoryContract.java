package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.UniqueNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link NodeDirectory}: registration, heartbeats, staleness by the injected clock
 * and least-loaded assignment. Unlike the other contracts this one needs an isolated directory per
 * {@link #newDirectory} call (a Redis implementation uses a fresh key prefix), because assignment
 * looks at every live node.
 */
public abstract class NodeDirectoryContract {
  protected static final Duration STALE_AFTER = Duration.ofSeconds(15);

  protected MutableClock clock;
  protected NodeDirectory directory;
  private String prefix;

  /** An empty directory, isolated from any other, judging staleness by {@code clock}. */
  protected abstract NodeDirectory newDirectory(Duration staleAfter, Clock clock);

  @BeforeEach
  void createDirectory() {
    clock = new MutableClock();
    directory = newDirectory(STALE_AFTER, clock);
    prefix = "n" + UniqueNames.token() + "-";
  }

  private ChatNodeInfo register(String suffix, int load) {
    ChatNodeInfo node = new ChatNodeInfo(prefix + suffix, "10.0.0." + suffix.length(), 7000 + load, "10.1.0.1",
        9000 + load, load, Instant.EPOCH);
    directory.register(node);
    return node;
  }

  @Test
  void aRegisteredNodeIsLiveAndFound() {
    ChatNodeInfo node = register("a", 4);

    ChatNodeInfo found = directory.find(node.nodeId()).orElseThrow();
    assertThat(found).isEqualTo(node.withLoad(4, clock.instant()));
    assertThat(directory.liveNodes()).containsExactly(found);
    assertThat(directory.find(prefix + "unknown")).isEmpty();
  }

  @Test
  void liveNodesAreOrderedById() {
    register("c", 0);
    register("a", 0);
    register("b", 0);
    assertThat(directory.liveNodes()).extracting(ChatNodeInfo::nodeId)
        .containsExactly(prefix + "a", prefix + "b", prefix + "c");
  }

  @Test
  void assignWithoutLiveNodesIsEmpty() {
    assertThat(directory.assign()).isEmpty();
  }

  @Test
  void assignPicksTheLeastLoadedNode() {
    register("a", 10);
    ChatNodeInfo light = register("b", 3);
    register("c", 5);
    assertThat(directory.assign()).get().extracting(ChatNodeInfo::nodeId).isEqualTo(light.nodeId());
  }

  @Test
  void assignmentsSinceTheLastHeartbeatCountAsLoadSoAStormSpreads() {
    register("a", 2);
    register("b", 0);

    Map<String, Long> counts = assignMany(6);

    assertThat(counts).containsEntry(prefix + "a", 2L).containsEntry(prefix + "b", 4L);
  }

  @Test
  void aHeartbeatReplacesTheCountedAssignmentsWithTheReportedLoad() {
    register("a", 0);
    register("b", 5);
    assertThat(assignMany(5)).containsOnlyKeys(prefix + "a");

    // only one of the five assigned clients really connected to a
    assertThat(directory.heartbeat(prefix + "a", 1)).isTrue();
    assertThat(directory.heartbeat(prefix + "b", 5)).isTrue();

    assertThat(directory.assign()).get().extracting(ChatNodeInfo::nodeId).isEqualTo(prefix + "a");
    assertThat(directory.find(prefix + "a").orElseThrow().load()).isEqualTo(1);
  }

  @Test
  void aHeartbeatRecordsLoadAndTime() {
    ChatNodeInfo node = register("a", 0);
    Instant later = clock.advance(Duration.ofSeconds(5));
    assertThat(directory.heartbeat(node.nodeId(), 42)).isTrue();
    assertThat(directory.find(node.nodeId())).contains(node.withLoad(42, later));
  }

  @Test
  void staleNodesLeaveRotationAndReturnOnHeartbeat() {
    register("a", 0);
    ChatNodeInfo busy = register("b", 100);
    clock.advance(Duration.ofSeconds(10));
    directory.heartbeat(busy.nodeId(), 100);
    clock.advance(Duration.ofSeconds(6)); // a: 16 s silent, b: 6 s

    assertThat(directory.liveNodes()).extracting(ChatNodeInfo::nodeId).containsExactly(busy.nodeId());
    assertThat(directory.assign()).get().extracting(ChatNodeInfo::nodeId).isEqualTo(busy.nodeId());

    assertThat(directory.heartbeat(prefix + "a", 0)).isTrue();
    assertThat(directory.liveNodes()).hasSize(2);
    assertThat(directory.assign()).get().extracting(ChatNodeInfo::nodeId).isEqualTo(prefix + "a");
  }

  @Test
  void aNodeIsLiveUntilStaleAfterHasPassed() {
    register("a", 0);
    clock.advance(STALE_AFTER.minusMillis(1));
    assertThat(directory.liveNodes()).hasSize(1);
    clock.advance(Duration.ofMillis(2));
    assertThat(directory.liveNodes()).isEmpty();
    assertThat(directory.assign()).isEmpty();
  }

  @Test
  void unknownNodesCannotHeartbeat() {
    assertThat(directory.heartbeat(prefix + "ghost", 1)).isFalse();
    assertThat(directory.liveNodes()).isEmpty();
  }

  @Test
  void deregisterRemovesTheNode() {
    ChatNodeInfo node = register("a", 0);
    assertThat(directory.deregister(node.nodeId())).isTrue();
    assertThat(directory.find(node.nodeId())).isEmpty();
    assertThat(directory.liveNodes()).isEmpty();
    assertThat(directory.heartbeat(node.nodeId(), 0)).isFalse();
    assertThat(directory.deregister(node.nodeId())).isFalse();
    assertThat(directory.assign()).isEmpty();
  }

  @Test
  void reRegisteringReplacesTheNodesDetails() {
    register("a", 0);
    ChatNodeInfo moved = new ChatNodeInfo(prefix + "a", "10.9.9.9", 7777, "10.9.9.9", 9999, 0, Instant.EPOCH);
    clock.advance(Duration.ofSeconds(1));
    directory.register(moved);
    assertThat(directory.find(moved.nodeId())).contains(moved.withLoad(0, clock.instant()));
  }

  @Test
  void theTlsFlagAndWebSocketPortRoundTrip() {
    ChatNodeInfo secure = new ChatNodeInfo(prefix + "s", "chat.example.com", 7443, "10.1.0.1", 9443, 0,
        Instant.EPOCH, true, 7444);
    directory.register(secure);
    ChatNodeInfo plain = register("p", 5);

    ChatNodeInfo found = directory.find(secure.nodeId()).orElseThrow();
    assertThat(found.tls()).isTrue();
    assertThat(found.wsPort()).isEqualTo(7444);
    assertThat(directory.find(plain.nodeId()).orElseThrow()).extracting(ChatNodeInfo::tls, ChatNodeInfo::wsPort)
        .containsExactly(false, 0);
    assertThat(directory.liveNodes()).contains(secure.withLoad(0, clock.instant()));
    assertThat(directory.assign()).contains(secure.withLoad(0, clock.instant()));

    clock.advance(Duration.ofSeconds(1));
    assertThat(directory.heartbeat(secure.nodeId(), 3)).isTrue();
    assertThat(directory.find(secure.nodeId())).contains(secure.withLoad(3, clock.instant()));
  }

  @Test
  void reRegisteringWithoutTlsClearsTheFlag() {
    directory.register(new ChatNodeInfo(prefix + "a", "h", 7443, "h", 9443, 0, Instant.EPOCH, true, 7444));
    directory.register(new ChatNodeInfo(prefix + "a", "h", 7000, "h", 9000, 0, Instant.EPOCH));
    assertThat(directory.find(prefix + "a").orElseThrow()).extracting(ChatNodeInfo::tls, ChatNodeInfo::wsPort)
        .containsExactly(false, 0);
  }

  @Test
  void concurrentAssignmentsSpreadEvenly() {
    for (String s : List.of("a", "b", "c", "d")) {
      register(s, 0);
    }
    List<List<String>> picked = Concurrently.call(8, i -> {
      List<String> mine = new ArrayList<>();
      for (int k = 0; k < 25; k++) {
        mine.add(directory.assign().orElseThrow().nodeId());
      }
      return mine;
    });
    Map<String, Long> counts = picked.stream().flatMap(List::stream)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(counts).hasSize(4).allSatisfy((node, n) -> assertThat(n).isEqualTo(50L));
  }

  private Map<String, Long> assignMany(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(directory.assign().orElseThrow().nodeId());
    }
    return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }
}
