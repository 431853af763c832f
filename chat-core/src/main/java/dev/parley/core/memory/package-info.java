/**
 * In-memory implementations of the SPIs in {@link dev.parley.core.spi}: the embedded default when
 * Parley runs in one JVM, and the reference the contract tests are written against. All are
 * thread-safe; nothing survives a restart. Time-based behaviour (TTLs, staleness, windows) is
 * judged by the injected {@link java.time.Clock}.
 */
package dev.parley.core.memory;
