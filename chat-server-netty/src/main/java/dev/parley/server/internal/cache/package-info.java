/**
 * Internal: the chat node's per-node caches of friendships and presence, kept correct by a
 * {@link dev.parley.core.spi.ChangeFeed} and bounded by size and TTL. No compatibility promise.
 */
package dev.parley.server.internal.cache;
