package dev.parley.server;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link ParleyServer} (all roles, in-memory backends, console mail) until Ctrl-C.
 *
 * <pre>
 * parley-server [--gate-port 8080] [--chat-port 9000] [--host 127.0.0.1] [--advertised-host HOST] [--warm-up-ms 1000] [--help]
 * </pre>
 */
public final class ParleyServerMain {
  private static final String USAGE = String.join("\n",
      "Usage: parley-server [options]",
      "  --gate-port PORT        HTTP gate port (default 8080; 0 picks a free one)",
      "  --chat-port PORT        chat TCP port (default 9000; 0 picks a free one)",
      "  --host HOST             address to bind (default 127.0.0.1)",
      "  --advertised-host HOST  host clients are told to connect to (default: --host)",
      "  --warm-up-ms MS         before accepting clients, warm the chat node's login and send path for at most",
      "                          MS ms on a throwaway in-memory node (default 1000; 0: none)",
      "  --help                  show this help");

  /**
   * The launcher's chat-node warm-up ({@link ChatNodeBuilder#warmUp}): a freshly started node is the
   * one that takes a reconnect storm, and without it the first second's delivery p99 was hundreds of
   * milliseconds while the JIT compiled (benchmarks/README.md, "issue 11 target 5").
   */
  static final java.time.Duration DEFAULT_WARM_UP = java.time.Duration.ofSeconds(1);

  private ParleyServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ParleyServerBuilder builder;
    try {
      builder = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("parley-server: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (builder == null) {
      System.out.println(USAGE);
      return;
    }
    ProcessMeters meters = ProcessMeters.create();
    ParleyServer server = start(builder, meters);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      meters.close();
      stopped.countDown();
    }, "parley-shutdown"));
    printReady(server, System.out);
    stopped.await();
  }

  /** The configured builder, or null when help was asked for. @throws IllegalArgumentException for bad arguments */
  static ParleyServerBuilder parse(String[] args) {
    ParleyServerBuilder b = ParleyServer.builder().gatePort(8080).chatPort(9000).chatNode(n -> n.warmUp(DEFAULT_WARM_UP));
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return null;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--gate-port" -> b.gatePort(port(option, value));
        case "--chat-port" -> b.chatPort(port(option, value));
        case "--host" -> b.host(value);
        case "--advertised-host" -> b.advertisedHost(value);
        case "--warm-up-ms" -> b.chatNode(n -> n.warmUp(java.time.Duration.ofMillis(millis(option, value))));
        default -> throw new IllegalArgumentException("unknown option: " + option);
      }
    }
    return b;
  }

  /** Starts the server with the process's JVM and process meters in the registry the gate serves at /metrics. */
  static ParleyServer start(ParleyServerBuilder builder, ProcessMeters meters) {
    return builder.meterRegistry(meters.registry()).build().start();
  }

  static void printReady(ParleyServer server, PrintStream out) {
    out.println("Parley is ready");
    out.println("  gate: " + server.gateUrl());
    out.println("  chat: " + server.chatAddress().getHostString() + ":" + server.chatAddress().getPort());
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  private static long millis(String option, String value) {
    try {
      long ms = Long.parseLong(value);
      if (ms < 0) {
        throw new IllegalArgumentException(option + " must not be negative, was " + value);
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was '" + value + "'");
    }
  }

  private static int port(String option, String value) {
    try {
      int p = Integer.parseInt(value);
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException(option + " must be 0-65535, was " + value);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was '" + value + "'");
    }
  }
}
