package dev.parley.bench;

import picocli.CommandLine.Option;

/**
 * The chat-node sizes `server` and `node` share: blocking-work threads and the MySQL pool. A
 * picocli mixin; plain fields, read once after parsing.
 */
final class NodeTuning {
  @Option(names = "--blocking-threads", defaultValue = "0",
      description = "Blocking-work threads of the chat node, its request concurrency with blocking backends; "
          + "0 = the node's default, max(4, 2 x cores) (default: ${DEFAULT-VALUE}).")
  int blockingThreads;

  @Option(names = "--db-pool", defaultValue = "0",
      description = "MySQL connection pool size with MySQL + Redis backends; 0 = max(8, 2 x cores) (default: ${DEFAULT-VALUE}).")
  int dbPool;

  /** The pool size to use for {@code asked} (0: not set): it, or max(8, 2 x cores). */
  static int dbPoolOrDefault(int asked) {
    return asked > 0 ? asked : Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
  }
}
