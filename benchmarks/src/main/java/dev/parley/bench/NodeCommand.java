package dev.parley.bench;

import dev.parley.bench.internal.CliValues;
import dev.parley.bench.internal.ExternalBackends;
import dev.parley.server.ChatNode;
import dev.parley.server.ChatNodeBuilder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley-bench node}: one more chat node (its own JVM) joining a mysql-redis bench server's
 * database and Redis prefix, so connections can spread over several processes (each process is
 * held to its file-descriptor limit). It appends its address to the nodes file the load modes read
 * with {@code --nodes}.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Add a chat node (own JVM) to a `server --backend mysql-redis` bench server, for multi-node load.",
        "",
        "Joins the server's MySQL database and Redis key prefix named in the seed file (same users, tokens,",
        "presence and node directory), starts a ChatNode with the bench server's limits, and appends host:port",
        "to --nodes-file; pass that file to the load modes with --nodes. Serves until Ctrl-C or --lifetime."})
public final class NodeCommand implements Callable<Integer> {
  @Option(names = "--seed", paramLabel = "FILE", defaultValue = LoadOptions.DEFAULT_SEED,
      description = "Seed file of a mysql-redis bench server (default: ${DEFAULT-VALUE}).")
  Path seed;

  @Option(names = "--nodes-file", paramLabel = "FILE", defaultValue = LoadOptions.DEFAULT_SEED + ".nodes",
      description = "File to append this node's host:port to (default: ${DEFAULT-VALUE}).")
  Path nodesFile;

  @Option(names = "--chat-port", defaultValue = "0", description = "Chat TCP port, 0 = any (default: ${DEFAULT-VALUE}).")
  int chatPort;

  @Option(names = "--messages-per-second", defaultValue = "100000",
      description = "Requests one connection may make per second (default: ${DEFAULT-VALUE}).")
  int messagesPerSecond;

  @Mixin
  NodeTuning tuning;

  @Option(names = "--lifetime", defaultValue = "2h", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Stop by itself after this long (default: ${DEFAULT-VALUE}).")
  double lifetimeSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    SeedFile s = SeedFile.read(seed);
    if (!"mysql-redis".equals(s.backend())) {
      System.err.println("parley-bench node: the seed file's server uses backend " + s.backend()
          + "; extra nodes need a shared one (server --backend mysql-redis)");
      return 2;
    }
    ExternalBackends backends = ExternalBackends.join(NodeTuning.dbPoolOrDefault(tuning.dbPool), s.database(), s.redisPrefix());
    ChatNodeBuilder builder = ChatNode.builder().nodeId("bench-chat-" + UUID.randomUUID().toString().substring(0, 8))
        .host(s.chatHost()).port(chatPort).limits(BenchServer.limits(messagesPerSecond))
        .userStore(backends.storage().userStore()).friendStore(backends.storage().friendStore())
        .messageStore(backends.storage().messageStore())
        .groupStore(backends.storage().groupStore()).blockStore(backends.storage().blockStore())
        .presenceRegistry(backends.cache().presence())
        .tokenStore(backends.cache().tokens()).nodeDirectory(backends.cache().nodeDirectory())
        .loginLock(backends.cache().loginLock()).changeFeed(backends.cache().changeFeed());
    if (tuning.blockingThreads > 0) {
      builder.blockingThreads(tuning.blockingThreads);
    }
    ChatNode node = builder.build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.stop();
      backends.close();
      stopped.countDown();
    }, "parley-bench-node-shutdown"));
    append(nodesFile, node.advertisedHost() + ":" + node.port());
    System.out.printf("parley-bench node %s ready: chat %s:%d (pid %d), listed in %s%n", node.nodeId(),
        node.advertisedHost(), node.port(), ProcessHandle.current().pid(), nodesFile);
    System.out.flush();
    if (!stopped.await((long) (lifetimeSeconds * 1000), TimeUnit.MILLISECONDS)) {
      System.out.println("parley-bench node: lifetime over, stopping");
      System.exit(0);
    }
    return 0;
  }

  /** Appends one line under a file lock, so nodes starting together do not interleave. */
  @SuppressWarnings("try") // the lock is held, not used: the try only scopes it to the write
  private static void append(Path file, String line) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
      ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }
  }
}
