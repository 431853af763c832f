package dev.parley.bench.load;

import dev.parley.netty.internal.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The group mode (issue 14): {@code groups} groups of {@code members} members, each member one
 * logged-in session, the groups created over the protocol by their first member
 * ({@link GroupSessions}); then {@code SendGroupMessage} at a fixed total {@code rate} from random
 * members (open loop, as the latency mode: message {@code k} is due at {@code k / rate} s, round-robin
 * over the groups), a warm-up, a measured window and a drain, then the group-log audit
 * ({@link GroupAudit}). It reports messages accepted per second (acks), pushes delivered per second
 * (GroupMessageEvents across all sessions), delivery latency per push and ack latency from the
 * intended send time, missing and duplicated pushes per member, the seq checks, and the CPU of the
 * server (and MariaDB, Redis, this generator) per push and per message.
 *
 * <p>Not thread-safe; {@link #run} once.
 */
public final class GroupRun {
  /** Options of one run; {@code audit} is "missing" (groups with a missing push), "all" or "none". */
  public record Options(int groups, int members, double rate, double warmupSeconds, double durationSeconds,
      double drainSeconds, int textLength, String audit) {}

  /**
   * The JSON result. {@code acceptedPerSecond}: messages of the measured window acknowledged, per
   * second; {@code pushesPerSecond}: pushes of those messages, per second; {@code sentPerSecond}:
   * messages written in the window per second; {@code pushesPerMessage}: members - 1; {@code lostPushes}:
   * missing pushes of messages not in the group's log, plus acknowledged messages not stored;
   * {@code duplicatedPushes}: second pushes to a member plus messages stored twice; {@code missingPushes}:
   * pushes an acknowledged message did not make (whether or not the log has it); {@code ok}: nothing lost,
   * duplicated, missing, misrouted or mismatched, no seq gap, settled, no kick. Pushes out of seq order
   * ({@code counts.outOfOrder}) are counted but not a failure: the node pushes a message when its append
   * completes, so two senders' messages to one group may reach a member in either order; a client orders
   * by seq (issue 14 gives the SDK per-group gap detection for it).
   */
  public record Result(String mode, String backend, int groups, int membersPerGroup, int sessions,
      double ratePerSecond, double warmupSeconds, double durationSeconds, double drainSeconds, int textLength,
      double loginsPerSecond, double groupSetupSeconds, String clientTransport, double serverUptimeAtTrafficStartSeconds,
      long offered, long notSent, double sentPerSecond, double acceptedPerSecond, double pushesPerSecond,
      int pushesPerMessage, LatencySummary delivery, LatencySummary ack, GroupLedger.Counts counts,
      long missingMessages, long missingPushes, GroupLedger.MemberStats perMember, GroupLedger.SeqCheck seqCheck,
      GroupAudit.Findings audit, long lostPushes, long duplicatedPushes, boolean settled, List<CpuMeter.Usage> cpu,
      List<CpuPer> cpuPer, List<PerSecondLatency.Second> deliveryPerSecond, boolean ok) {}

  /** One process's CPU per push and per message sent in the measured window, in microseconds. */
  public record CpuPer(String label, double cores, double microsPerPush, double microsPerMessage) {}

  private final LoadSettings settings;

  public GroupRun(LoadSettings settings) {
    this.settings = settings;
  }

  public Result run(Options o) {
    if (o.rate() <= 0 || o.durationSeconds() <= 0) {
      throw new IllegalArgumentException("--rate and --duration must be positive");
    }
    if (!List.of("missing", "all", "none").contains(o.audit())) {
      throw new IllegalArgumentException("--audit must be missing, all or none, was " + o.audit());
    }
    try (ClientFleet fleet = settings.newFleet()) {
      GroupSessions sessions = GroupSessions.open(fleet, settings, o.groups(), o.members(), "group");
      double uptime = LatencyRun.uptimeSeconds(settings.seed().serverPid());
      return traffic(o, sessions, fleet.transportName(), uptime);
    }
  }

  private Result traffic(Options o, GroupSessions sessions, String transport, double uptime) {
    String label = "group";
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long measureFrom = start + (long) (o.warmupSeconds() * 1e9);
    long end = measureFrom + (long) (o.durationSeconds() * 1e9);
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8,
        Math.ceil(o.rate() * (o.warmupSeconds() + o.durationSeconds())) + 16);
    PerSecondLatency perSecond = new PerSecondLatency(start, o.warmupSeconds() + o.durationSeconds());
    GroupLedger ledger = new GroupLedger(sessions.members(), sessions.groupIds(), capacity, measureFrom,
        ThreadLocalRandom.current().nextLong(), perSecond);
    List<BenchConnection> all = sessions.sessions();
    all.forEach(c -> c.listener(ledger));
    RunningHistogram delivery = new RunningHistogram(ledger.deliveryLatency());
    RunningHistogram ack = new RunningHistogram(ledger.ackLatency());
    List<CpuMeter.Target> targets = new ArrayList<>(settings.cpuTargets());
    targets.add(new CpuMeter.Target("generator", ProcessHandle.current().pid()));
    CpuMeter cpu = new CpuMeter(targets);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
        DaemonThreads.named("parley-bench-progress-"));
    ticker.scheduleAtFixedRate(() -> settings.print(progressLine(label, start, ledger, delivery)),
        settings.progressSeconds(), settings.progressSeconds(), TimeUnit.SECONDS);
    ticker.schedule(cpu::start, Math.max(0, measureFrom - System.nanoTime()), TimeUnit.NANOSECONDS);
    int offered;
    boolean settled;
    try {
      offered = new OpenLoopSender(ledger, "x".repeat(Math.max(1, o.textLength()))).run(o.rate(), start, end);
      cpu.stop();
      settled = drain(ledger, offered, o.drainSeconds());
    } finally {
      ticker.shutdownNow();
    }
    // one snapshot when the drain ends: pushes that still arrive during the audit are in none of them
    GroupLedger.Counts counts = ledger.counts();
    var deliveryTotal = delivery.total();
    LatencySummary deliverySummary = LatencySummary.of(deliveryTotal);
    LatencySummary ackSummary = LatencySummary.of(ack.total());
    GroupLedger.Missing missing = ledger.missing(offered);
    GroupLedger.MemberStats members = ledger.memberStats(missing);
    GroupLedger.SeqCheck seqCheck = ledger.seqCheck(offered, sessions.baselineSeq());
    GroupAudit.Findings audit = o.audit().equals("none") ? GroupAudit.Findings.none()
        : new GroupAudit(ledger, sessions.baselineSeq()).run(offered, o.audit().equals("all"));
    double seconds = o.durationSeconds();
    long pushesMeasured = deliveryTotal.getTotalCount();
    double messagesMeasured = ledger.measuredWritten();
    List<CpuMeter.Usage> usage = cpu.results(pushesMeasured);
    List<CpuPer> per = new ArrayList<>();
    for (CpuMeter.Usage u : usage) {
      per.add(new CpuPer(u.label(), u.cores(), u.microsPerDelivered(),
          messagesMeasured > 0 ? u.cpuSeconds() * 1e6 / messagesMeasured : -1));
    }
    long lostPushes = audit.lostPushes() + audit.ackedNotStored();
    long duplicated = counts.duplicatedPushes() + audit.storedTwice();
    boolean ok = lostPushes == 0 && duplicated == 0 && missing.pushes() == 0 && counts.misrouted() == 0
        && counts.seqMismatches() == 0 && counts.duplicateAcks() == 0
        && seqCheck.gaps() == 0 && seqCheck.duplicates() == 0 && audit.logGaps() == 0 && audit.neverStored() == 0
        && audit.error() == null && settled && counts.kicked() == 0;
    return new Result("group", settings.seed().backend(), o.groups(), o.members(), all.size(), o.rate(),
        o.warmupSeconds(), seconds, o.drainSeconds(), o.textLength(), sessions.logins().loginsPerSecond(),
        sessions.setupSeconds(), transport, uptime, offered, offered - counts.sent(), messagesMeasured / seconds,
        ledger.measuredAcked() / seconds, pushesMeasured / seconds, o.members() - 1, deliverySummary, ackSummary,
        counts, missing.messages(), missing.pushes(), members, seqCheck, audit, lostPushes, duplicated, settled, usage,
        per, perSecond.seconds(), ok);
  }

  private static boolean drain(GroupLedger ledger, int offered, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (!ledger.settled(offered)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return true;
  }

  private static String progressLine(String label, long start, GroupLedger ledger, RunningHistogram delivery) {
    GroupLedger.Counts c = ledger.counts();
    LatencySummary last = LatencySummary.of(delivery.interval());
    return String.format("[%s] %4.0fs sent=%d acked=%d refused=%d pushes=%d delivered=%d dup=%d | last interval: "
        + "push p50 %.3f ms p99 %.3f ms max %.3f ms", label, (System.nanoTime() - start) / 1e9, c.sent(), c.acked(),
        c.refused(), c.pushes(), c.delivered(), c.duplicatedPushes(), last.p50Us() / 1000, last.p99Us() / 1000,
        last.maxUs() / 1000);
  }

  /** The human summary of a result. */
  public static List<String> summary(Result r) {
    List<String> out = new ArrayList<>();
    out.add(String.format("group: %d groups x %d members (%d sessions, backend %s) at %.0f msg/s for %.1f s (after "
        + "%.1f s warm-up); groups set up in %.1f s; server process up %.1f s when traffic started", r.groups(),
        r.membersPerGroup(), r.sessions(), r.backend(), r.ratePerSecond(), r.durationSeconds(), r.warmupSeconds(),
        r.groupSetupSeconds(), r.serverUptimeAtTrafficStartSeconds()));
    out.add(String.format("  accepted %.0f msg/s (sent %.0f), delivered %.0f pushes/s (%d pushes per message)",
        r.acceptedPerSecond(), r.sentPerSecond(), r.pushesPerSecond(), r.pushesPerMessage()));
    out.add("  delivery latency per push: " + r.delivery().describe());
    out.add("  ack latency:               " + r.ack().describe());
    GroupLedger.Counts c = r.counts();
    out.add(String.format("  offered %d, sent %d, acked %d, refused %d %s, pushes %d, messages pushed to every member %d",
        r.offered(), c.sent(), c.acked(), c.refused(), c.refusalsByCode(), c.pushes(), c.delivered()));
    GroupLedger.MemberStats m = r.perMember();
    out.add(String.format("  missing pushes %d (in %d messages; %d of %d members missed some, at most %d), duplicated "
        + "pushes %d (%d members, at most %d), pushes per member %d..%d", r.missingPushes(), r.missingMessages(),
        m.membersMissing(), m.members(), m.maxMissing(), c.duplicatedPushes(), m.membersWithDuplicates(),
        m.maxDuplicates(), m.minPushes(), m.maxPushes()));
    GroupLedger.SeqCheck s = r.seqCheck();
    GroupAudit.Findings a = r.audit();
    out.add(String.format("  seqs: %d acked in %d groups, gaps %d, duplicates %d, ack/push mismatches %d, out of order "
        + "%d (members %d), misrouted %d, duplicate acks %d, kicked %d %s", s.acknowledged(), s.groups(), s.gaps(),
        s.duplicates(), c.seqMismatches(), c.outOfOrder(), m.membersOutOfOrder(), c.misrouted(), c.duplicateAcks(),
        c.kicked(), c.kicksByReason()));
    out.add(String.format("  audit: %d group logs read (%d entries), stored-not-pushed %d messages (%d pushes), lost %d "
        + "messages (%d pushes), acked-not-stored %d, stored twice %d, log gaps %d, unanswered %d (stored %d), settled %s%s",
        a.groupsRead(), a.entriesRead(), a.storedNotPushed(), a.storedNotPushedPushes(), a.lostMessages(),
        a.lostPushes(), a.ackedNotStored(), a.storedTwice(), a.logGaps(), a.storedUnacked() + a.neverStored(),
        a.storedUnacked(), r.settled(), a.error() == null ? "" : " AUDIT ERROR: " + a.error()));
    for (CpuPer p : r.cpuPer()) {
      out.add(String.format("  CPU %s: %.2f cores, %.2f us per push, %.1f us per message", p.label(), p.cores(),
          p.microsPerPush(), p.microsPerMessage()));
    }
    out.add("  push p99 per second of traffic (warm-up included): " + LatencyRun.perSecond(r.deliveryPerSecond()));
    out.add(r.ok() ? "result: OK (every member got every message exactly once, seqs gap-free)"
        : "result: FAILED (see counts above)");
    return out;
  }
}
