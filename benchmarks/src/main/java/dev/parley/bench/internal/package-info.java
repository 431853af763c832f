/**
 * Plumbing of the benchmarks and the load generator (transport choice, process limits, backends,
 * JSON); no compatibility promise, may change in any release.
 */
package dev.parley.bench.internal;
