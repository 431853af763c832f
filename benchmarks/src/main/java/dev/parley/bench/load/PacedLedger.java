package dev.parley.bench.load;

/**
 * The messages {@link OpenLoopSender} sends at a fixed rate: message {@code k} (0-based, below
 * {@link #capacity}) is written by {@link #sender}'s session. Implementations are thread-safe:
 * {@link #write} and {@link #skip} run on the sender's event loop.
 */
interface PacedLedger {
  /** How many messages the ledger can book. */
  int capacity();

  /** The session that sends message {@code k}; fixed before sending starts. */
  BenchConnection sender(int k);

  /** Writes message {@code k}, intended at {@code intendedNanos} ({@link System#nanoTime}), without flushing. */
  void write(int k, long intendedNanos, String text);

  /** Message {@code k} was due but its sender's connection was closed: never written. */
  void skip(int k);
}
