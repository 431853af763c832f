package dev.parley.bench.load;

import dev.parley.netty.internal.DaemonThreads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One stretch of open-loop message traffic over logged-in friend pairs: a warm-up, a measured
 * window, a drain (until every message is answered and pushed, or a timeout), then the mailbox
 * audit. Used once by the latency mode and once per step by the throughput mode.
 *
 * <p>Not thread-safe: {@link #run} from one thread; it prints progress from a helper thread.
 */
public final class TrafficPhase {
  private final List<BenchConnection> connections;
  private final List<BenchConnection> sessions;
  private final int devicesPerUser;
  private final Map<BenchConnection, Long> baselineSeq;
  private final String text;
  private final Consumer<String> progress;
  private final long progressSeconds;
  private final List<CpuMeter.Target> cpuTargets;

  public TrafficPhase(List<BenchConnection> connections, Map<BenchConnection, Long> baselineSeq, int textLength,
      Consumer<String> progress, long progressSeconds, List<CpuMeter.Target> cpuTargets) {
    this(connections, connections, 1, baselineSeq, textLength, progress, progressSeconds, cpuTargets);
  }

  /** Over {@link PairSessions}: device 0 of each user sends, every session hears. */
  public TrafficPhase(PairSessions p, int textLength, Consumer<String> progress, long progressSeconds,
      List<CpuMeter.Target> cpuTargets) {
    this(p.connections(), p.sessions(), p.devicesPerUser(), p.baselineSeq(), textLength, progress, progressSeconds,
        cpuTargets);
  }

  private TrafficPhase(List<BenchConnection> connections, List<BenchConnection> sessions, int devicesPerUser,
      Map<BenchConnection, Long> baselineSeq, int textLength, Consumer<String> progress, long progressSeconds,
      List<CpuMeter.Target> cpuTargets) {
    this.cpuTargets = List.copyOf(cpuTargets);
    this.connections = connections;
    this.sessions = sessions;
    this.devicesPerUser = devicesPerUser;
    this.baselineSeq = baselineSeq;
    this.text = "x".repeat(Math.max(1, textLength));
    this.progress = progress;
    this.progressSeconds = progressSeconds;
  }

  /**
   * What one phase did and measured. {@code delivery} is per push (every session that got the
   * message; with one device per user, per message), {@code recipientDelivery} the pushes to the
   * recipient's devices, {@code senderDevicesDelivery} those to the sender's other devices (empty with
   * one device); {@code deliveredPerSecond} and {@code deliveriesPerSecond} are both the pushes per
   * second in the measured window, {@code sentPerSecond} the messages written per second in it;
   * {@code missingPushes} the acknowledged messages some expected session did not get.
   */
  public record Result(double offeredPerSecond, double measuredSeconds, long offered, MessageLedger.Counts counts,
      long notSent, double deliveredPerSecond, LatencySummary delivery, LatencySummary ack,
      MailboxAudit.Findings audit, boolean settled, List<CpuMeter.Usage> cpu,
      List<PerSecondLatency.Second> deliveryPerSecond, int devicesPerUser, int sessions, double sentPerSecond,
      double deliveriesPerSecond, LatencySummary recipientDelivery, LatencySummary senderDevicesDelivery,
      MessageLedger.Missing missingPushes) {
    /** Messages that were acknowledged but neither pushed nor found in the recipient's mailbox. */
    public long lost() {
      return audit.lost() + audit.pushedNotStored();
    }

    /** Messages pushed twice, or stored twice. */
    public long duplicated() {
      return counts.duplicated() + audit.storedTwice();
    }
  }

  /**
   * Runs at {@code ratePerSecond} for {@code warmupSeconds} + {@code seconds}, then drains for at
   * most {@code drainSeconds}. Delivery latency is also binned per second of traffic from its
   * start, warm-up included ({@link PerSecondLatency}). {@code auditEverything} syncs every recipient's mailbox, not only
   * those with missing pushes.
   */
  public Result run(double ratePerSecond, double warmupSeconds, double seconds, double drainSeconds,
      boolean auditEverything, String label) {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(ratePerSecond * (warmupSeconds + seconds)) + 16);
    PerSecondLatency perSecond = new PerSecondLatency(start, warmupSeconds + seconds);
    MessageLedger ledger = new MessageLedger(connections, devicesPerUser, capacity, measureFrom, perSecond);
    sessions.forEach(c -> c.listener(ledger));
    RunningHistogram delivery = new RunningHistogram(ledger.deliveryLatency());
    RunningHistogram ack = new RunningHistogram(ledger.ackLatency());
    RunningHistogram toRecipient = new RunningHistogram(ledger.recipientLatency());
    RunningHistogram toSender = new RunningHistogram(ledger.senderDevicesLatency());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("parley-bench-progress-"));
    ticker.scheduleAtFixedRate(() -> progress.accept(progressLine(label, start, ledger, delivery)),
        progressSeconds, progressSeconds, TimeUnit.SECONDS);
    // CPU is charged over the measured window only: from its start until sending stops.
    CpuMeter cpu = new CpuMeter(cpuTargets);
    ticker.schedule(cpu::start, Math.max(0, measureFrom - System.nanoTime()), TimeUnit.NANOSECONDS);
    int offered;
    boolean settled;
    try {
      offered = new OpenLoopSender(ledger, text).run(ratePerSecond, start, end);
      cpu.stop();
      settled = drain(ledger, offered, drainSeconds);
    } finally {
      ticker.shutdownNow();
    }
    // one snapshot when the drain ends: pushes that still arrive during the audit are in none of them
    MessageLedger.Counts counts = ledger.counts();
    var deliveryTotal = delivery.total();
    LatencySummary deliverySummary = LatencySummary.of(deliveryTotal);
    LatencySummary ackSummary = LatencySummary.of(ack.total());
    LatencySummary recipientSummary = LatencySummary.of(toRecipient.total());
    LatencySummary senderSummary = LatencySummary.of(toSender.total());
    MessageLedger.Missing missing = ledger.missingPushes(offered);
    MailboxAudit.Findings audit = new MailboxAudit(ledger, baselineSeq).run(offered, auditEverything);
    return new Result(ratePerSecond, seconds, offered, counts, offered - counts.sent(),
        deliveryTotal.getTotalCount() / seconds, deliverySummary, ackSummary, audit, settled,
        cpu.results(deliveryTotal.getTotalCount()), perSecond.seconds(), devicesPerUser, sessions.size(),
        ledger.measuredWritten() / seconds, deliveryTotal.getTotalCount() / seconds,
        recipientSummary, senderSummary, missing);
  }

  private static boolean drain(MessageLedger ledger, int offered, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (!ledger.settled(offered)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return true;
  }

  private static String progressLine(String label, long start, MessageLedger ledger, RunningHistogram delivery) {
    MessageLedger.Counts c = ledger.counts();
    LatencySummary last = LatencySummary.of(delivery.interval());
    return String.format("[%s] %4.0fs sent=%d acked=%d delivered=%d pushes=%d refused=%d dup=%d | last interval: p50 %.3f ms p99 %.3f ms max %.3f ms",
        label, (System.nanoTime() - start) / 1e9, c.sent(), c.acked(), c.delivered(), c.deliveries(), c.refused(), c.duplicated(),
        last.p50Us() / 1000, last.p99Us() / 1000, last.maxUs() / 1000);
  }
}
