package dev.parley.bench;

import dev.parley.bench.internal.CliValues;
import dev.parley.bench.internal.ResultOutput;
import dev.parley.bench.load.LatencyRun;
import dev.parley.bench.load.LoadSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
        "traffic started; --warm-generator D warms this generator first, so a fresh server's first seconds are its own."})
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

  @Option(names = "--audit", defaultValue = "missing",
      description = "missing: sync recipients with unpushed messages; all: every recipient (default: ${DEFAULT-VALUE}).")
  String audit;

  @Override
  public Integer call() {
    LoadSettings s = load.settings(2 * (int) pairs);
    LatencyRun.Result r = new LatencyRun(s).run(new LatencyRun.Options((int) pairs, rate, warmup, duration, drain,
        textSize, "all".equals(audit), warmGenerator));
    ResultOutput.emit(r, LatencyRun.summary(r), s.out(), s::print);
    return r.ok() ? 0 : 1;
  }
}
