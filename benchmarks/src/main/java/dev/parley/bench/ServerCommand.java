package dev.parley.bench;

import dev.parley.bench.internal.CliValues;
import dev.parley.core.service.GroupLimits;
import dev.parley.server.TlsSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley-bench server}: runs a {@link BenchServer} in this JVM until Ctrl-C or its lifetime ends. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Run an all-in-one server for load tests (its own JVM) and write the seed file the load modes read.",
        "",
        "Seeds users through the embedding API (ParleyServer.seedUsers / seedFriendPairs, one Argon2id hash at the production cost, a session token per user",
        "from the server's TokenStore), write the seed file the load modes read, and serve until Ctrl-C or",
        "--lifetime. Load-test settings: per-connection request limit --messages-per-second (default 100000",
        "instead of 50) and no gate login-attempt limit; everything else is the production default. A loopback",
        "control endpoint (GET /memory?gc=true) gives the load generator heap-after-GC and RSS readings, and",
        "/metrics on the gate includes JVM memory, GC, thread and CPU gauges."})
public final class ServerCommand implements Callable<Integer> {
  @Option(names = "--users", defaultValue = "2000", converter = CliValues.Amount.class,
      description = "Users to seed; users 2i and 2i+1 are friends (default: ${DEFAULT-VALUE}).")
  double users;

  @Option(names = "--backend", defaultValue = "memory",
      description = "memory, or mysql-redis (PARLEY_JDBC_URL, PARLEY_DB_USER, PARLEY_DB_PASSWORD, PARLEY_REDIS_URL; "
          + "a fresh database parley_bench_<random>, dropped at exit) (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--gate-port", defaultValue = "0", description = "Gate HTTP port, 0 = any (default: ${DEFAULT-VALUE}).")
  int gatePort;

  @Option(names = "--chat-port", defaultValue = "0", description = "Chat TCP port, 0 = any (default: ${DEFAULT-VALUE}).")
  int chatPort;

  @Option(names = "--messages-per-second", defaultValue = "100000",
      description = "Requests one connection may make per second (default: ${DEFAULT-VALUE}).")
  int messagesPerSecond;

  @Option(names = "--io-threads", defaultValue = "0",
      description = "Netty event loops of the chat node; 0 = Netty's default, 2 x cores (default: ${DEFAULT-VALUE}).")
  int ioThreads;

  @Mixin
  NodeTuning tuning;

  @Option(names = "--warm-up", defaultValue = "1s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Warm the chat node's request path for at most D before it accepts clients (ChatNodeBuilder.warmUp: "
          + "logins and sends through a throwaway in-memory node in this JVM), as bin/parley-server does; 0 = none (default: ${DEFAULT-VALUE}).")
  double warmUpSeconds;

  @Option(names = "--seed", paramLabel = "FILE", defaultValue = LoadOptions.DEFAULT_SEED,
      description = "Where to write the seed file (default: ${DEFAULT-VALUE}).")
  Path seed;

  @Option(names = "--tls",
      description = "TLS on the chat port with the default engine (AUTO: OpenSSL when netty-tcnative loads, else JDK) and a "
          + "certificate for localhost/127.0.0.1 made at start; its CA file goes into the seed file for the load modes' --tls.")
  boolean tls;

  @Option(names = "--tls-engine", paramLabel = "ENGINE",
      description = "TLS on the chat port (as --tls) with this engine: openssl, jdk or auto.")
  String tlsEngine;

  @Option(names = "--login-policy", defaultValue = "one-per-platform", paramLabel = "POLICY",
      description = "The deployment's login policy (ChatLimits.loginPolicy): single, one-per-platform (at most one session "
          + "per platform, 4 in all) or multi[:N] (up to N sessions, default 10) (default: ${DEFAULT-VALUE}).")
  String loginPolicy;

  @Option(names = "--allow-strangers",
      description = "Let users message, and add to groups, users who are not their friends (ChatLimits.allowStrangers; "
          + "the group mode needs it: its members are not the creator's friends). Default: off, as in production.")
  boolean allowStrangers;

  @Option(names = "--group-max-members", defaultValue = "" + GroupLimits.DEFAULT_MAX_MEMBERS, paramLabel = "N",
      description = "Members a new group may hold (GroupLimits.maxMembers; default: ${DEFAULT-VALUE}).")
  int groupMaxMembers;

  @Option(names = "--lift-group-rates",
      description = "Lift the per-user hourly limits on group creates, invite requests and join requests, and the "
          + "groups one user may be in, to 1,000,000, so group runs can repeat against one server (default: production limits).")
  boolean liftGroupRates;

  @Option(names = "--lifetime", defaultValue = "2h", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Stop by itself after this long (default: ${DEFAULT-VALUE}).")
  double lifetimeSeconds;

  private TlsSettings.Engine engine() {
    if (tlsEngine == null) {
      return tls ? TlsSettings.Engine.AUTO : null;
    }
    return switch (tlsEngine.toLowerCase(java.util.Locale.ROOT)) {
      case "openssl" -> TlsSettings.Engine.OPENSSL;
      case "jdk" -> TlsSettings.Engine.JDK;
      case "auto" -> TlsSettings.Engine.AUTO;
      default -> throw new IllegalArgumentException("--tls-engine must be openssl, jdk or auto, was " + tlsEngine);
    };
  }

  private GroupLimits groupLimits() {
    GroupLimits g = GroupLimits.defaults().withMaxMembers(groupMaxMembers);
    if (liftGroupRates) {
      g = g.withRates(1_000_000, 1_000_000, 1_000_000, g.window()).withMaxGroupsPerUser(1_000_000);
    }
    return g;
  }

  @Override
  public Integer call() throws InterruptedException {
    long t0 = System.nanoTime();
    BenchServer server = BenchServer.start(new BenchServer.Options((int) users, backend, host, gatePort, chatPort,
        messagesPerSecond, tuning.blockingThreads, tuning.dbPool, ioThreads,
        java.time.Duration.ofMillis(Math.round(warmUpSeconds * 1000)), engine(),
        BenchServer.parseLoginPolicy(loginPolicy)).withGroups(allowStrangers, groupLimits()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "parley-bench-server-shutdown"));
    server.seed().write(seed);
    SeedFile s = server.seed();
    System.out.printf("parley-bench server ready in %.1f s (pid %d, backend %s)%n", (System.nanoTime() - t0) / 1e9,
        s.serverPid(), server.describeBackend());
    System.out.printf("  chat %s:%d  gate %s  control %s%n", s.chatHost(), s.chatPort(), s.gateUrl(), s.controlUrl());
    if (s.tlsCaFile() != null) {
      System.out.printf("  chat port TLS, engine %s; CA %s (load modes: --tls)%n", server.describeTls(), s.tlsCaFile());
    }
    System.out.printf("  %d users (%d friend pairs) seeded; seed file %s%n", s.users().size(), s.pairCount(), seed);
    System.out.printf("  login policy %s (at most %d sessions per user)%n", s.loginPolicy(), s.maxSessionsPerUser());
    System.out.printf("  strangers %s, groups of at most %d members%s%n", s.allowStrangers() ? "allowed" : "not allowed",
        s.groupMaxMembers(), liftGroupRates ? ", group rates lifted" : "");
    System.out.printf("  stops after %.0f s or on Ctrl-C%n", lifetimeSeconds);
    System.out.flush();
    if (!stopped.await((long) (lifetimeSeconds * 1000), TimeUnit.MILLISECONDS)) {
      System.out.println("parley-bench server: lifetime over, stopping");
      server.close();
    }
    return 0;
  }
}
