package dev.parley.cache.redis.internal;

import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.spi.NodeDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * {@link NodeDirectory} on Redis: a set of node ids plus one hash per node (addresses, TLS flag,
 * WebSocket port, reported load, last heartbeat as epoch millis for the scripts and as an exact
 * ISO-8601 instant for readers, assignments since that heartbeat). A hash written before the TLS
 * flag and WebSocket port existed reads as a plaintext node without WebSocket. All these keys carry the hash tag
 * {@code {nodes}}, so they share one Redis Cluster slot and the Lua scripts may touch several of
 * them at once. A node is live while {@code now - lastHeartbeat <= staleAfter} by the injected
 * clock; its Redis TTL is only clean-up.
 *
 * <p>{@link #assign} is one Lua script that scans the live nodes, picks the least {@code load +
 * assignedSinceHeartbeat} and increments that counter. A script rather than an {@code RLock}
 * around read-pick-write: Redis runs it atomically, in one round trip, and a crashed caller
 * cannot leave a lock behind. The directory holds tens of nodes, so the scan is cheap. Thread-safe.
 */
public final class RedisNodeDirectory implements NodeDirectory {
  private static final LuaScript REGISTER = LuaScript.load("node_register");
  private static final LuaScript HEARTBEAT = LuaScript.load("node_heartbeat");
  private static final LuaScript DEREGISTER = LuaScript.load("node_deregister");
  private static final LuaScript LIVE = LuaScript.load("node_live");
  private static final LuaScript ASSIGN = LuaScript.load("node_assign");

  private final RedissonClient redis;
  private final KeySpace keys;
  private final long staleAfterMillis;
  private final long cleanupMillis;
  private final Clock clock;

  public RedisNodeDirectory(RedissonClient redis, KeySpace keys, Duration staleAfter, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.staleAfterMillis = staleAfter.toMillis();
    this.cleanupMillis = KeySpace.cleanupMillis(staleAfter);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void register(ChatNodeInfo node) {
    Instant now = clock.instant();
    RedisCall.run("node register", () -> REGISTER.eval(redis, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER,
        nodeKeys(node.nodeId()), node.nodeId(), node.host(), Integer.toString(node.port()), node.internalHost(),
        Integer.toString(node.internalPort()), Integer.toString(node.load()), Long.toString(now.toEpochMilli()),
        now.toString(), Long.toString(cleanupMillis), node.tls() ? "1" : "0", Integer.toString(node.wsPort())));
  }

  @Override
  public boolean heartbeat(String nodeId, int load) {
    if (load < 0) {
      throw new IllegalArgumentException("load < 0: " + load);
    }
    Instant now = clock.instant();
    Long known = RedisCall.run("node heartbeat", () -> HEARTBEAT.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, nodeKeys(nodeId), nodeId, Integer.toString(load),
        Long.toString(now.toEpochMilli()), now.toString(), Long.toString(cleanupMillis)));
    return known == 1L;
  }

  @Override
  public boolean deregister(String nodeId) {
    Long removed = RedisCall.run("node deregister", () -> DEREGISTER.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, nodeKeys(nodeId), nodeId));
    return removed == 1L;
  }

  @Override
  public Optional<ChatNodeInfo> find(String nodeId) {
    Map<String, String> f = RedisCall.run("node find",
        () -> redis.<String, String>getMap(keys.node(Objects.requireNonNull(nodeId, "nodeId")), StringCodec.INSTANCE)
            .readAllMap());
    if (f.get("host") == null) {
      return Optional.empty();
    }
    return Optional.of(new ChatNodeInfo(nodeId, f.get("host"), Integer.parseInt(f.get("port")), f.get("ihost"),
        Integer.parseInt(f.get("iport")), Integer.parseInt(f.get("load")),
        Instant.parse(f.get("heartbeatAt")), "1".equals(f.get("tls")), intOrZero(f.get("wsport"))));
  }

  @Override
  public List<ChatNodeInfo> liveNodes() {
    List<List<Object>> rows = RedisCall.run("node list", () -> LIVE.eval(redis, RScript.Mode.READ_ONLY,
        RScript.ReturnType.MULTI, List.of(keys.nodeIds()), scanArgs()));
    return rows.stream().map(RedisNodeDirectory::toInfo).sorted(Comparator.comparing(ChatNodeInfo::nodeId)).toList();
  }

  @Override
  public Optional<ChatNodeInfo> assign() {
    List<Object> row = RedisCall.run("node assign", () -> ASSIGN.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.MULTI, List.of(keys.nodeIds()), scanArgs()));
    return row.isEmpty() ? Optional.empty() : Optional.of(toInfo(row));
  }

  private Object[] scanArgs() {
    return new Object[] {keys.nodeKeyPrefix(), Long.toString(clock.millis()), Long.toString(staleAfterMillis)};
  }

  private List<Object> nodeKeys(String nodeId) {
    return List.of(keys.nodeIds(), keys.node(Objects.requireNonNull(nodeId, "nodeId")));
  }

  /** A script row: id, host, port, internal host, internal port, load, heartbeat, assigned, tls, ws port. */
  private static ChatNodeInfo toInfo(List<Object> row) {
    return new ChatNodeInfo(text(row, 0), text(row, 1), Integer.parseInt(text(row, 2)), text(row, 3),
        Integer.parseInt(text(row, 4)), Integer.parseInt(text(row, 5)),
        Instant.parse(text(row, 6)), "1".equals(optional(row, 8)), intOrZero(optional(row, 9)));
  }

  /** A field a hash written before it existed lacks: {@code null} then. */
  private static String optional(List<Object> row, int index) {
    return index < row.size() && row.get(index) != null ? String.valueOf(row.get(index)) : null;
  }

  private static int intOrZero(String value) {
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static String text(List<Object> row, int index) {
    return String.valueOf(row.get(index));
  }
}
