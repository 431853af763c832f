package dev.parley.server.internal.cache;

import java.util.function.LongSupplier;

/** Live readers of a cache's hit, miss and invalidation counts, for meters. Immutable. */
public record CacheCounts(LongSupplier hits, LongSupplier misses, LongSupplier invalidations) {}
