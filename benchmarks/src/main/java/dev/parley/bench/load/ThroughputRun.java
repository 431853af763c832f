package dev.parley.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The throughput mode: over the same logged-in pairs, runs open-loop steps at rising offered
 * rates and finds the highest delivered messages per second at which the delivery p99 stays under
 * the limit (default 10 ms). It stops at the first step that breaks the limit, delivers less than
 * 95 % of what it offered, has refusals, or loses or duplicates anything; or at {@code maxRate} or
 * {@code maxSteps}.
 *
 * <p>Not thread-safe; {@link #run} once.
 */
public final class ThroughputRun {
  /** Options of one run. */
  public record Options(int pairs, double startRate, double stepRate, double maxRate, int maxSteps,
      double warmupSeconds, double stepSeconds, double drainSeconds, double p99LimitMs, int textLength) {}

  /** One step's outcome. */
  public record Step(double offeredPerSecond, double deliveredPerSecond, LatencySummary delivery, long refused,
      long lost, long duplicated, boolean withinLimit, String stopReason, TrafficPhase.Result traffic) {}

  /** The JSON result: every step, and the best one within the limit (null when none was). */
  public record Result(String mode, int pairs, double p99LimitMs, List<Step> steps, Step best,
      double bestDeliveredPerSecond, long lost, long duplicated, boolean ok, String clientTransport) {}

  private final LoadSettings settings;

  public ThroughputRun(LoadSettings settings) {
    this.settings = settings;
  }

  public Result run(Options o) {
    List<Step> steps = new ArrayList<>();
    Step best = null;
    try (ClientFleet fleet = settings.newFleet()) {
      PairSessions sessions = PairSessions.open(fleet, settings, o.pairs(), "throughput");
      TrafficPhase phase = new TrafficPhase(sessions.connections(), sessions.baselineSeq(), o.textLength(),
          settings::print, settings.progressSeconds(), settings.cpuTargets());
      double rate = o.startRate();
      for (int i = 0; i < o.maxSteps() && rate <= o.maxRate(); i++, rate += o.stepRate()) {
        String label = String.format("throughput %.0f/s", rate);
        Step step = judge(rate, phase.run(rate, o.warmupSeconds(), o.stepSeconds(), o.drainSeconds(), false, label), o);
        steps.add(step);
        settings.print(String.format("[throughput] step %.0f/s: delivered %.0f/s, p99 %.3f ms%s", rate,
            step.deliveredPerSecond(), step.delivery().p99Us() / 1000,
            step.withinLimit() ? "" : " -> stop: " + step.stopReason()));
        if (!step.withinLimit()) {
          break;
        }
        best = step;
      }
      long lost = steps.stream().mapToLong(Step::lost).sum();
      long dup = steps.stream().mapToLong(Step::duplicated).sum();
      boolean clean = steps.stream().allMatch(s -> LatencyRun.isClean(s.traffic()) || s.refused() > 0);
      return new Result("throughput", o.pairs(), o.p99LimitMs(), steps, best,
          best == null ? 0 : best.deliveredPerSecond(), lost, dup, clean && lost == 0 && dup == 0,
          fleet.transportName());
    }
  }

  private static Step judge(double rate, TrafficPhase.Result t, Options o) {
    String reason = null;
    if (t.lost() > 0 || t.duplicated() > 0) {
      reason = "lost " + t.lost() + ", duplicated " + t.duplicated();
    } else if (t.counts().refused() > 0) {
      reason = t.counts().refused() + " refused " + t.counts().refusalsByCode();
    } else if (t.delivery().p99Us() > o.p99LimitMs() * 1000) {
      reason = String.format("p99 %.3f ms over %.1f ms", t.delivery().p99Us() / 1000, o.p99LimitMs());
    } else if (t.deliveredPerSecond() < 0.95 * rate) {
      reason = String.format("delivered %.0f/s, under 95%% of offered", t.deliveredPerSecond());
    } else if (!t.settled()) {
      reason = "did not settle within the drain time";
    }
    return new Step(rate, t.deliveredPerSecond(), t.delivery(), t.counts().refused(), t.lost(), t.duplicated(),
        reason == null, reason, t);
  }

  /** The human summary of a result. */
  public static List<String> summary(Result r) {
    List<String> out = new ArrayList<>();
    out.add(String.format("throughput: %d pairs, p99 limit %.1f ms", r.pairs(), r.p99LimitMs()));
    for (Step s : r.steps()) {
      out.add(String.format("  offered %8.0f/s  delivered %8.0f/s  p50 %.3f ms  p99 %.3f ms  max %.3f ms  %s",
          s.offeredPerSecond(), s.deliveredPerSecond(), s.delivery().p50Us() / 1000, s.delivery().p99Us() / 1000,
          s.delivery().maxUs() / 1000, s.withinLimit() ? "ok" : "STOP: " + s.stopReason()));
    }
    out.add(r.best() == null ? "best: no step stayed within the limit"
        : String.format("best: %.0f delivered msg/s with p99 %.3f ms", r.bestDeliveredPerSecond(),
            r.best().delivery().p99Us() / 1000));
    out.add(String.format("lost %d, duplicated %d: %s", r.lost(), r.duplicated(), r.ok() ? "OK" : "FAILED"));
    return out;
  }
}
