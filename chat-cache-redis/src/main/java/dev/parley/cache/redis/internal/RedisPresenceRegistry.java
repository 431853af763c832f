package dev.parley.cache.redis.internal;

import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.PresenceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * {@link PresenceRegistry} on Redis: one hash per user ({@code presence:<userId>}) holding node,
 * session, bound-at (an ISO-8601 instant, returned exactly as the clock gave it) and last refresh
 * (epoch millis, compared inside the scripts). A binding is live while {@code now < refreshedAt +
 * ttl} by the injected clock; the key's Redis TTL only removes dead bindings later.
 *
 * <p>Every operation touches one key, so nothing here needs hash tags. {@link #bind} and
 * {@link #unbind} are Lua scripts (swap-and-return, compare-and-delete); {@link #refresh} queues
 * one small script per user in pipelined {@link RBatch}es of {@value #CHUNK} users, which Redisson
 * splits by cluster node, so a node refreshes tens of thousands of sessions in a few round trips.
 * {@link #lookupAll} is pipelined the same way. Thread-safe.
 */
public final class RedisPresenceRegistry implements PresenceRegistry {
  /** Users per pipelined batch: bounds the memory of one call while keeping round trips few. */
  static final int CHUNK = 2_000;

  private static final LuaScript BIND = LuaScript.load("presence_bind");
  private static final LuaScript UNBIND = LuaScript.load("presence_unbind");
  private static final LuaScript REFRESH = LuaScript.load("presence_refresh");
  private static final Set<String> FIELDS = Set.of("node", "session", "boundAt", "refreshedAt");

  private final RedissonClient redis;
  private final KeySpace keys;
  private final long ttlMillis;
  private final long cleanupMillis;
  private final Clock clock;

  public RedisPresenceRegistry(RedissonClient redis, KeySpace keys, Duration ttl, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ttlMillis = ttl.toMillis();
    this.cleanupMillis = KeySpace.cleanupMillis(ttl);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  
  public Optional<PresenceBinding> bind(long userId, String nodeId, String sessionId) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(sessionId, "sessionId");
    Instant now = clock.instant();
    List<Object> old = RedisCall.run("presence bind", () -> BIND.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.MULTI, List.of(keys.presence(userId)), nodeId, sessionId,
        Long.toString(now.toEpochMilli()), now.toString(), Long.toString(ttlMillis), Long.toString(cleanupMillis)));
    if (old.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PresenceBinding(userId, (String) old.get(0), (String) old.get(1),
        Instant.parse((String) old.get(2))));
  }

  
  public boolean unbindOld(long userId, String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    Long removed = RedisCall.run("presence unbind", () -> UNBIND.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, List.of(keys.presence(userId)), sessionId,
        Long.toString(clock.millis()), Long.toString(ttlMillis)));
    return removed == 1L;
  }

  
  public Optional<PresenceBinding> lookup(long userId) {
    Map<String, String> fields = RedisCall.run("presence lookup",
        () -> redis.<String, String>getMap(keys.presence(userId), StringCodec.INSTANCE).getAll(FIELDS));
    return live(userId, fields, clock.millis());
  }

  /** Pipelined: one round trip per cluster node and chunk of users, instead of one per user. */
  
  public Map<Long, PresenceBinding> lookupAllOld(Collection<Long> userIds) {
    List<Long> ids = List.copyOf(userIds);
    Map<Long, PresenceBinding> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      lookupChunk(ids.subList(from, Math.min(ids.size(), from + CHUNK)), out);
    }
    return out;
  }

  private void lookupChunk(List<Long> ids, Map<Long, PresenceBinding> out) {
    RBatch batch = redis.createBatch(BatchOptions.defaults());
    List<RFuture<Map<String, String>>> replies = new ArrayList<>(ids.size());
    for (long id : ids) {
      replies.add(batch.<String, String>getMap(keys.presence(id), StringCodec.INSTANCE).getAllAsync(FIELDS));
    }
    RedisCall.run("presence lookupAll", () -> batch.execute());
    long now = clock.millis();
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      live(id, replies.get(i).toCompletableFuture().join(), now).ifPresent(b -> out.put(id, b));
    }
  }

  
  public int refresh(Map<Long, String> sessionsByUser) {
    List<LuaScript.Call> calls = new ArrayList<>(Math.min(sessionsByUser.size(), CHUNK));
    String now = Long.toString(clock.millis());
    int refreshed = 0;
    for (Map.Entry<Long, String> e : sessionsByUser.entrySet()) {
      calls.add(new LuaScript.Call(List.of(keys.presence(e.getKey())), Objects.requireNonNull(e.getValue(), "sessionId"),
          now, Long.toString(ttlMillis), Long.toString(cleanupMillis)));
      if (calls.size() == CHUNK) {
        refreshed += refreshChunk(calls);
        calls.clear();
      }
    }
    return calls.isEmpty() ? refreshed : refreshed + refreshChunk(calls);
  }

  private int refreshChunk(List<LuaScript.Call> calls) {
    List<Long> results = RedisCall.run("presence refresh",
        () -> REFRESH.evalAll(redis, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, calls));
    return (int) results.stream().mapToLong(Long::longValue).sum();
  }

  private Optional<PresenceBinding> live(long userId, Map<String, String> f, long now) {
    String refreshedAt = f.get("refreshedAt");
    if (f.get("node") == null || f.get("session") == null || f.get("boundAt") == null || refreshedAt == null
        || now >= Long.parseLong(refreshedAt) + ttlMillis) {
      return Optional.empty();
    }
    return Optional.of(new PresenceBinding(userId, f.get("node"), f.get("session"),
        Instant.parse(f.get("boundAt"))));
  }
  @Override public dev.parley.core.model.BindResult bind(PresenceBinding b, dev.parley.core.model.LoginPolicy p) { throw new UnsupportedOperationException("TEMP"); }
  @Override public dev.parley.core.model.UnbindResult unbind(long u, String s) { throw new UnsupportedOperationException("TEMP"); }
  @Override public java.util.List<PresenceBinding> sessions(long u) { throw new UnsupportedOperationException("TEMP"); }
  @Override public int refresh(Collection<dev.parley.core.model.SessionRef> r) { throw new UnsupportedOperationException("TEMP"); }
}
