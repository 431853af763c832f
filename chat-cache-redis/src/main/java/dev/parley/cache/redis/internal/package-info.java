/**
 * Implementation details of chat-cache-redis: the Redisson-backed SPI implementations, their Lua
 * scripts and the key layout. No compatibility promise: classes here may change or disappear in
 * any release. Obtain the implementations through {@link dev.parley.cache.redis.RedisCache}.
 */
package dev.parley.cache.redis.internal;
