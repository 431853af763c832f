package dev.parley.bench;

import dev.parley.bench.internal.CliValues;
import dev.parley.bench.internal.ProcessLimits;
import dev.parley.bench.load.BenchDevice;
import dev.parley.bench.internal.ResultOutput;
import dev.parley.bench.load.LatencyRun;
import dev.parley.bench.load.LoadSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code parley-bench latency}: fixed-rate open-loop messaging between friend pairs. */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Fixed-rate open-loop messaging between friend pairs; latency percentiles, lost and duplicated.",
        "",
        "P friend pairs exchange messages at a fixed total rate M (open loop: message k is due at k/M s whether",
        "or not earlier ones were answered). Latency runs from each message's intended send time until the",
        "recipient's MessageEvent (and, separately, until the sender's SendAck), which corrects coordinated",
        "omission. Reports p50/p90/p99/p99.9/max, sent/acked/delivered/refused counts, and lost and duplicated",
        "messages, checked by client_msg_id bookkeeping and, after the run, by syncing the mailbox of every",
        "recipient with a message that was not pushed (--audit all: every recipient).",
        "",
        "Cold start: the JSON carries delivery p50/p99 per second of traffic from its first second (warm-up",
        "included; --warmup 0 measures from the first message) and how long the server process had run when",
        "traffic started; --warm-generator D warms this generator first, so a fresh server's first seconds are its own.",
        "",
        "Devices (issue 13): --devices-per-user N logs every user in N times, device ids bench-<user>-d<i>, platforms",
        "DESKTOP, MOBILE, WEB, OTHER (then OTHER again: more than 4 need a server started with --login-policy multi:N).",
        "Device 0 sends; every session of the recipient and every other session of the sender must get each message",
        "exactly once (2N-1 pushes), checked per session. Delivery latency is then per push, also split into the",
        "recipient's devices and the sender's other devices; deliveries/s counts pushes across all sessions."})
public final class LatencyCommand implements Callable<Integer> {
  @Mixin
  LoadOptions load;

  @Option(names = "--pairs", defaultValue = "100", converter = CliValues.Amount.class,
      description = "Friend pairs (default: ${DEFAULT-VALUE}).")
  double pairs;

  @Option(names = "--rate", defaultValue = "1000", converter = CliValues.Amount.class, paramLabel = "M/s",
      description = "Total messages per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "30s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Measured time (default: ${DEFAULT-VALUE}).")
  double duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Traffic at the same rate before measuring (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--warm-generator", defaultValue = "0", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "First run the same traffic for D against a throwaway in-process server, so this generator's JIT is "
          + "warm and the first seconds against the measured (e.g. freshly started) server are that server's (default: ${DEFAULT-VALUE}).")
  double warmGenerator;

  @Option(names = "--drain", defaultValue = "10s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Longest wait for outstanding acks and pushes after sending stops (default: ${DEFAULT-VALUE}).")
  double drain;

  @Option(names = "--text-size", defaultValue = "64", description = "Message text length (default: ${DEFAULT-VALUE}).")
  int textSize;

  @Option(names = "--devices-per-user", defaultValue = "1", paramLabel = "N",
      description = "Sessions per user, each its own device (1.." + BenchDevice.MAX_PER_USER + "; default: ${DEFAULT-VALUE}). "
          + "Opens 2 x pairs x N connections from this process.")
  int devicesPerUser;

  @Spec
  CommandSpec spec;

  /** Connections this process keeps free of the open-files limit for the JVM's own files and sockets. */
  static final int RESERVED_FILES = 500;

  @Option(names = "--audit", defaultValue = "missing",
      description = "missing: sync recipients with unpushed messages; all: every recipient (default: ${DEFAULT-VALUE}).")
  String audit;

  @Override
  public Integer call() {
    if (devicesPerUser < 1 || devicesPerUser > BenchDevice.MAX_PER_USER) {
      throw new ParameterException(spec.commandLine(), "--devices-per-user must be 1.." + BenchDevice.MAX_PER_USER
          + ", was " + devicesPerUser);
    }
    long connections = 2L * (long) pairs * devicesPerUser;
    long files = ProcessLimits.maxOpenFiles("self").orElse(Long.MAX_VALUE);
    if (connections + RESERVED_FILES > files) {
      throw new ParameterException(spec.commandLine(), String.format("--pairs %d x 2 users x --devices-per-user %d = %d "
          + "connections, more than this process's open-files limit of %d allows (%d kept for the JVM): use --pairs %d "
          + "or fewer, or fewer devices per user", (long) pairs, devicesPerUser, connections,
          files, RESERVED_FILES, Math.max(0, (files - RESERVED_FILES) / (2L * devicesPerUser))));
    }
    LoadSettings s = load.settings(2 * (int) pairs);
    int allowed = BenchDevice.allowedBy(s.seed().loginPolicy(), s.seed().maxSessionsPerUser());
    if (devicesPerUser > allowed) {
      throw new ParameterException(spec.commandLine(), String.format("--devices-per-user %d, but the server's login "
          + "policy %s keeps at most %d sessions per user with these devices' platforms (DESKTOP, MOBILE, WEB, OTHER): "
          + "start the bench server with --login-policy multi:%d", devicesPerUser,
          s.seed().loginPolicy() == null ? "(not in the seed file: the default, one-per-platform)" : s.seed().loginPolicy(),
          allowed, devicesPerUser));
    }
    // every login names its device, one device too, so 1 and N devices take the same login path
    LatencyRun.Result r = new LatencyRun(s).run(new LatencyRun.Options((int) pairs, rate, warmup, duration, drain,
        textSize, "all".equals(audit), warmGenerator, devicesPerUser));
    ResultOutput.emit(r, LatencyRun.summary(r), s.out(), s::print);
    return r.ok() ? 0 : 1;
  }
}
