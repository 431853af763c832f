package dev.parley.core.spi;

/**
 * Marks an SPI implementation whose every method returns without waiting on I/O, a remote call or
 * a lock held across either: work done in memory, in microseconds. A chat node whose stores,
 * presence, tokens, login lock and node directory are all {@code NonBlocking} runs requests straight on the
 * connection's event loop instead of handing them to its blocking-work threads (two thread hops
 * and their wake-ups less per request); with any other implementation it keeps the hand-off.
 *
 * <p>Implement it only when it is true: a blocking call on an event loop stalls every connection
 * that loop serves. The in-memory implementations in {@code dev.parley.core.memory} carry it;
 * MySQL, Redis and gRPC-backed ones do not.
 */
public interface NonBlocking {
  /** True when every one of {@code parts} is marked {@code NonBlocking}. */
  static boolean all(Object... parts) {
    for (Object p : parts) {
      if (!(p instanceof NonBlocking)) {
        return false;
      }
    }
    return true;
  }
}
