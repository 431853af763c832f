package dev.parley.cache.redis.internal;

import dev.parley.core.model.BindResult;
import dev.parley.core.model.Eviction;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.SessionRef;
import dev.parley.core.model.UnbindResult;
import dev.parley.core.spi.PresenceRegistry;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * {@link PresenceRegistry} on Redis: one hash per user ({@code presence:<userId>}), one field per
 * live session. The field is the session id; the value is
 * {@code expiresAtMs|boundAtMs|PLATFORM|deviceId|nodeId} with both ids percent-encoded (so neither
 * holds a {@code |}). A session is live while {@code now < expiresAtMs} by the injected clock, each
 * session with its own expiry; the key's Redis TTL (the latest expiry plus
 * {@link KeySpace#CLEANUP_GRACE}) only removes dead users later. {@code boundAt} is kept in
 * milliseconds.
 *
 * <p>Every operation touches one key, so nothing needs hash tags and it all works on Redis Cluster.
 * {@link #bind} is one Lua script ({@code presence_bind.lua}) that drops expired fields, applies
 * {@link LoginPolicy#evictions} exactly (policy mode and limit are arguments; the limit is clamped
 * to {@link LoginPolicy#MAX_SESSIONS}, so a hash never holds more fields) and returns whether the
 * user was online and the evicted bindings with their reasons. {@link #unbind} is a compare-and-
 * delete script on the one field. {@link #refresh} queues a small script per session (rewrite that
 * field's expiry if it is still live) in pipelined {@link RBatch}es of {@value #CHUNK}, which
 * Redisson splits by cluster node, so a node refreshes tens of thousands of sessions in a few
 * round trips. {@link #sessions} is one {@code HGETALL}, {@link #lookupAll} those pipelined the
 * same way; both filter by the clock and order oldest first (boundAt, then session id).
 * Thread-safe.
 */
public final class RedisPresenceRegistry implements PresenceRegistry {
  /** Sessions (or users) per pipelined batch: bounds the memory of one call while keeping round trips few. */
  static final int CHUNK = 2_000;

  private static final LuaScript BIND = LuaScript.load("presence_bind");
  private static final LuaScript UNBIND = LuaScript.load("presence_unbind");
  private static final LuaScript REFRESH = LuaScript.load("presence_refresh");
  private static final Comparator<PresenceBinding> OLDEST_FIRST =
      Comparator.comparing(PresenceBinding::boundAt).thenComparing(PresenceBinding::sessionId);

  private final RedissonClient redis;
  private final KeySpace keys;
  private final long ttlMillis;
  private final long cleanupMillis;
  private final String graceMillis;
  private final Clock clock;

  /** A registry whose sessions live {@code ttl} past their bind or last refresh, judged by {@code clock}. */
  public RedisPresenceRegistry(RedissonClient redis, KeySpace keys, Duration ttl, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ttlMillis = ttl.toMillis();
    this.cleanupMillis = KeySpace.cleanupMillis(ttl);
    this.graceMillis = Long.toString(KeySpace.CLEANUP_GRACE.toMillis());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public BindResult bind(PresenceBinding session, LoginPolicy policy) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(policy, "policy");
    long now = clock.millis();
    String value = encode(now + ttlMillis, now, session.platform(), session.deviceId(), session.nodeId());
    List<Object> reply = RedisCall.run("presence bind", () -> BIND.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.MULTI, List.of(keys.presence(session.userId())), session.sessionId(), value,
        encodeId(session.deviceId()), session.platform().name(), policy.mode().name(),
        Integer.toString(policy.maxSessions()), Long.toString(now), Integer.toString(LoginPolicy.MAX_SESSIONS),
        graceMillis));
    List<Eviction> evicted = new ArrayList<>((reply.size() - 1) / 3);
    for (int i = 1; i + 2 < reply.size(); i += 3) {
      PresenceBinding b = decode(session.userId(), (String) reply.get(i), (String) reply.get(i + 1));
      evicted.add(new Eviction(b, KickReason.valueOf((String) reply.get(i + 2))));
    }
    return new BindResult("1".equals(reply.get(0)), evicted);
  }

  @Override
  public UnbindResult unbind(long userId, String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    Long result = RedisCall.run("presence unbind", () -> UNBIND.eval(redis, RScript.Mode.READ_WRITE,
        RScript.ReturnType.INTEGER, List.of(keys.presence(userId)), sessionId, Long.toString(clock.millis()),
        graceMillis));
    return switch (result.intValue()) {
      case 1 -> UnbindResult.STILL_ONLINE;
      case 2 -> UnbindResult.WENT_OFFLINE;
      default -> UnbindResult.NOT_BOUND;
    };
  }

  @Override
  public List<PresenceBinding> sessions(long userId) {
    Map<String, String> fields = RedisCall.run("presence sessions",
        () -> redis.<String, String>getMap(keys.presence(userId), StringCodec.INSTANCE).readAllMap());
    return live(userId, fields, clock.millis());
  }

  /** Pipelined: one round trip per cluster node and chunk of users, instead of one per user. */
  @Override
  public Map<Long, List<PresenceBinding>> lookupAll(Collection<Long> userIds) {
    List<Long> ids = List.copyOf(userIds);
    Map<Long, List<PresenceBinding>> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      lookupChunk(ids.subList(from, Math.min(ids.size(), from + CHUNK)), out);
    }
    return out;
  }

  private void lookupChunk(List<Long> ids, Map<Long, List<PresenceBinding>> out) {
    RBatch batch = redis.createBatch(BatchOptions.defaults());
    List<RFuture<Map<String, String>>> replies = new ArrayList<>(ids.size());
    for (long id : ids) {
      replies.add(batch.<String, String>getMap(keys.presence(id), StringCodec.INSTANCE).readAllMapAsync());
    }
    RedisCall.run("presence lookupAll", () -> batch.execute());
    long now = clock.millis();
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      List<PresenceBinding> live = live(id, replies.get(i).toCompletableFuture().join(), now);
      if (!live.isEmpty()) {
        out.put(id, live);
      }
    }
  }

  @Override
  public int refresh(Collection<SessionRef> sessions) {
    List<LuaScript.Call> calls = new ArrayList<>(Math.min(sessions.size(), CHUNK));
    long now = clock.millis();
    String nowArg = Long.toString(now);
    String expiresAt = Long.toString(now + ttlMillis);
    String cleanup = Long.toString(cleanupMillis);
    int refreshed = 0;
    for (SessionRef ref : sessions) {
      calls.add(new LuaScript.Call(List.of(keys.presence(ref.userId())), ref.sessionId(), nowArg, expiresAt, cleanup));
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

  private static List<PresenceBinding> live(long userId, Map<String, String> fields, long now) {
    if (fields == null || fields.isEmpty()) {
      return List.of();
    }
    List<PresenceBinding> out = new ArrayList<>(fields.size());
    for (Map.Entry<String, String> f : fields.entrySet()) {
      String v = f.getValue();
      int bar = v.indexOf('|');
      if (bar > 0 && now < parseMillis(v.substring(0, bar))) {
        PresenceBinding b = decode(userId, f.getKey(), v);
        if (b != null) {
          out.add(b);
        }
      }
    }
    out.sort(OLDEST_FIRST);
    return out;
  }

  /** The stored value of a session. */
  static String encode(long expiresAtMs, long boundAtMs, Platform platform, String deviceId, String nodeId) {
    return expiresAtMs + "|" + boundAtMs + "|" + platform.name() + "|" + encodeId(deviceId) + "|" + encodeId(nodeId);
  }

  /** The binding a stored value describes, or null when the value is not one (never written by this class). */
  static PresenceBinding decode(long userId, String sessionId, String value) {
    String[] parts = value.split("\\|", -1);
    if (parts.length != 5) {
      return null;
    }
    try {
      return new PresenceBinding(userId, decodeId(parts[4]), sessionId, decodeId(parts[3]),
          Platform.valueOf(parts[2]), Instant.ofEpochMilli(Long.parseLong(parts[1])));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long parseMillis(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  private static String encodeId(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static String decodeId(String id) {
    return URLDecoder.decode(id, StandardCharsets.UTF_8);
  }
}
