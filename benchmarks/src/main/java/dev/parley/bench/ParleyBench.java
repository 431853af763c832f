package dev.parley.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code parley-bench}: the bench server, the three load modes and the JMH benchmarks behind one
 * command line. Every mode is bounded in count and time and stops by itself.
 */
@Command(name = "parley-bench", mixinStandardHelpOptions = true, version = "parley-bench 0.1.0",
    description = {
        "Load generator and benchmarks for Parley.",
        "",
        "Typical session (two terminals):",
        "  bin/parley-bench server --users 20000             # in-memory all-in-one server, seeds users",
        "  bin/parley-bench connections --count 19000 --ramp 2000/s --hold 60s --out conn.json",
        "  bin/parley-bench latency --pairs 1000 --rate 10k/s --duration 30s --out latency.json",
        "  bin/parley-bench throughput --pairs 1000 --duration 10s --out throughput.json",
        "  bin/parley-bench group --groups 1 --members 500 --rate 200/s --out group.json   # server --allow-strangers",
        "  bin/parley-bench jmh [JMH options, e.g. FrameCodec -prof gc]",
        "",
        "The load modes read the seed file the server wrote (--seed, default /tmp/parley-bench-seed.json):",
        "users, friend pairs (users 2i and 2i+1), pre-issued session tokens, chat address, gate URL and",
        "the server's control URL. They log in to the chat node with those tokens, so logins measure the",
        "chat node (token check, presence bind, login reply), not the gate's password hashing.",
        "Each mode prints a progress line every few seconds, a summary at the end, and the JSON result",
        "to --out. Exit code 0 when nothing was lost or duplicated, 1 otherwise, 2 for usage errors."},
    subcommands = {ServerCommand.class, NodeCommand.class, ConnectionsCommand.class, LatencyCommand.class, ThroughputCommand.class,
        GroupCommand.class,
        JmhCommand.class, CommandLine.HelpCommand.class})
public final class ParleyBench implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      // JMH options (-f, -wi, -p ...) go to JMH untouched, not through picocli
      System.exit(dev.parley.bench.jmh.JmhMain.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine commandLine() {
    return new CommandLine(new ParleyBench()).setUsageHelpWidth(120);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
