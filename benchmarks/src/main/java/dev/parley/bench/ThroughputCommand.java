package dev.parley.bench;

import dev.parley.bench.internal.CliValues;
import dev.parley.bench.internal.ResultOutput;
import dev.parley.bench.load.LoadSettings;
import dev.parley.bench.load.ThroughputRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley-bench throughput}: rising open-loop steps until p99 breaks the limit. */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Step the offered rate up to find the most delivered messages/s with p99 under the limit.",
        "",
        "Over P logged-in friend pairs, run open-loop steps at rising offered rates (--start-rate, +--step each",
        "step, up to --max-rate or --max-steps), each a warm-up plus --duration measured, and report the highest",
        "delivered messages/s at which the delivery p99 stays under --p99-limit. Stops at the first step that",
        "breaks the limit, delivers under 95% of what it offered, gets refusals, or loses or duplicates anything."})
public final class ThroughputCommand implements Callable<Integer> {
  @Mixin
  LoadOptions load;

  @Option(names = "--pairs", defaultValue = "1000", converter = CliValues.Amount.class,
      description = "Friend pairs (default: ${DEFAULT-VALUE}).")
  double pairs;

  @Option(names = "--start-rate", defaultValue = "10000", converter = CliValues.Amount.class, paramLabel = "M/s",
      description = "First step's offered rate (default: ${DEFAULT-VALUE}).")
  double startRate;

  @Option(names = "--step", defaultValue = "10000", converter = CliValues.Amount.class, paramLabel = "M/s",
      description = "Rate added per step (default: ${DEFAULT-VALUE}).")
  double step;

  @Option(names = "--max-rate", defaultValue = "300000", converter = CliValues.Amount.class, paramLabel = "M/s",
      description = "Highest rate tried (default: ${DEFAULT-VALUE}).")
  double maxRate;

  @Option(names = "--max-steps", defaultValue = "30", description = "Most steps (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(names = "--duration", defaultValue = "10s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Measured time per step (default: ${DEFAULT-VALUE}).")
  double duration;

  @Option(names = "--warmup", defaultValue = "2s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Unmeasured traffic at the step's rate before each step (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--drain", defaultValue = "10s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Longest wait for outstanding acks and pushes after each step (default: ${DEFAULT-VALUE}).")
  double drain;

  @Option(names = "--p99-limit", defaultValue = "10ms", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Delivery p99 a step must stay under (default: ${DEFAULT-VALUE}).")
  double p99Limit;

  @Option(names = "--text-size", defaultValue = "64", description = "Message text length (default: ${DEFAULT-VALUE}).")
  int textSize;

  @Override
  public Integer call() {
    LoadSettings s = load.settings(2 * (int) pairs);
    ThroughputRun.Result r = new ThroughputRun(s).run(new ThroughputRun.Options((int) pairs, startRate, step, maxRate,
        maxSteps, warmup, duration, drain, p99Limit * 1000, textSize));
    ResultOutput.emit(r, ThroughputRun.summary(r), s.out(), s::print);
    return r.ok() ? 0 : 1;
  }
}
