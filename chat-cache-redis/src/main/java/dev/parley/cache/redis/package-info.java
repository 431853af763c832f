/**
 * Redis implementations of Parley's shared-state SPIs (presence, session tokens, verification
 * codes, the chat node directory, rate-limit counters and the per-user login lock), built on
 * Redisson. Start at {@link dev.parley.cache.redis.RedisCache#builder()}.
 *
 * <h2>Connection modes</h2>
 * <ul>
 *   <li><b>Single server</b> — {@code singleServer("redis://host:6379")}: one Redis; optional
 *       {@code database(n)}. Simplest; Redis is a single point of failure.
 *   <li><b>Sentinel</b> — {@code sentinel("mymaster", "redis://s1:26379", "redis://s2:26379")}:
 *       the sentinels name the current master of the group; Redisson follows failovers. Reads and
 *       writes go to the master, so a write is always visible to the next read.
 *   <li><b>Cluster</b> — {@code cluster("redis://n1:7000", "redis://n2:7001")}: seed nodes of a
 *       Redis Cluster; Redisson discovers the rest and routes each key to its slot. Only database 0.
 *       Every multi-key script (the node directory's) uses keys sharing the hash tag
 *       {@code {nodes}}, so it runs on one slot; all other operations touch one key each.
 * </ul>
 * Each mode takes an optional {@code username}/{@code password}; {@code rediss://} addresses use
 * TLS. Alternatively {@code buildWith(existingClient)} reuses a Redisson client the application
 * already has (and keeps owning).
 *
 * <p>Needs Redis 4.0 or newer (or a compatible server such as Valkey) with Lua scripting.
 *
 * <h2>Keys</h2>
 * Every key starts with the key prefix (default {@code "parley:"}); two deployments, or two test
 * runs, with different prefixes never see each other's data.
 */
package dev.parley.cache.redis;
