package dev.parley.cache.redis.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The Redis key layout of one Parley deployment: every key starts with the configured prefix, so
 * deployments (or test runs) with different prefixes never see each other's data. Also decides how
 * long dead data lingers: Redis key TTLs are only clean-up, set a grace period beyond the logical
 * lifetime, because liveness itself is judged against the injected {@link java.time.Clock}.
 *
 * <p>Layout (prefix {@code P}):
 * <pre>
 * P presence:&lt;userId&gt;                  hash session id -&gt; expiresAtMs|boundAtMs|PLATFORM|deviceId|nodeId
 *                                      (one field per live session, at most LoginPolicy.MAX_SESSIONS)
 * P token:&lt;sha256(token)&gt;              string userId|expiresAtMs|issuedAtMs|lastSeenAtMs|PLATFORM|deviceId|name
 * P tokens:&lt;userId&gt;                    sorted set of "&lt;digest&gt;|&lt;deviceId&gt;", the user's live tokens, scored by issue ms
 * P code:&lt;purpose&gt;:&lt;email&gt;             hash code, attempts, expiresAt, issuedAt
 * P {nodes}:ids                        set of node ids
 * P {nodes}:node:&lt;nodeId&gt;               hash host, port, ihost, iport, load, heartbeat, heartbeatAt, assigned, tls, wsport
 * P ratelog:&lt;windowMs&gt;:&lt;key&gt;              sorted set of event times (sliding log)
 * P lock:login:&lt;userId&gt;                Redisson RLock
 * P changes:&lt;topic&gt;                  pub/sub channel of a {@code ChangeFeed} topic (no key)
 * </pre>
 * Only the node directory needs multi-key scripts; its keys share the hash tag {@code {nodes}} and
 * so one cluster slot. Immutable and thread-safe.
 */
public final class KeySpace {
  /** How long Redis keeps data after it died logically, so a slow or skewed clock never loses live data. */
  public static final Duration CLEANUP_GRACE = Duration.ofMinutes(1);

  private final String prefix;

  public KeySpace(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  public String prefix() {
    return prefix;
  }

  public String presence(long userId) {
    return prefix + "presence:" + userId;
  }

  public String token(String tokenDigest) {
    return prefix + "token:" + tokenDigest;
  }

  /** The user's live tokens (digest and device id); a token verifies only while its member is in here. */
  public String userTokens(long userId) {
    return prefix + "tokens:" + userId;
  }

  public String code(String purpose, String email) {
    return prefix + "code:" + purpose + ":" + email;
  }

  public String nodeIds() {
    return prefix + "{nodes}:ids";
  }

  /** The key of one node; {@link #nodeKeyPrefix()} followed by the node id. */
  public String node(String nodeId) {
    return nodeKeyPrefix() + nodeId;
  }

  /** Passed to the directory scripts, which build node keys from the ids in the set. */
  public String nodeKeyPrefix() {
    return prefix + "{nodes}:node:";
  }

  public String rateLog(String key, long windowMillis) {
    return prefix + "ratelog:" + windowMillis + ":" + key;
  }

  public String loginLock(long userId) {
    return prefix + "lock:login:" + userId;
  }

  /** The pub/sub channel of change-feed topic {@code topic}. */
  public String changes(String topic) {
    return prefix + "changes:" + topic;
  }

  /** The Redis TTL for data that lives {@code lifetime} by the clock: the lifetime plus the grace. */
  public static long cleanupMillis(Duration lifetime) {
    return lifetime.plus(CLEANUP_GRACE).toMillis();
  }
}
