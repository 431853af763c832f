package dev.parley.bench.load;

import dev.parley.bench.SeedFile;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The latency mode: {@code pairs} friend pairs exchange messages at a fixed total {@code rate}
 * (open loop), and the run reports delivery latency (sender's intended send time until the
 * recipient's push, so coordinated omission is corrected) and ack latency, plus the message
 * bookkeeping: sent, acked, delivered, refused, and - after the mailbox audit - lost and
 * duplicated, both of which must be zero.
 *
 * <p>Not thread-safe; {@link #run} once.
 */
public final class LatencyRun {
  /**
   * Options of one run; {@code auditEverything} syncs every recipient's mailbox afterwards;
   * {@code devicesPerUser} sessions per user (each with its own device id and platform; 0: one session
   * whose login names no device, as before issue 13).
   */
  public record Options(int pairs, double rate, double warmupSeconds, double durationSeconds, double drainSeconds,
      int textLength, boolean auditEverything, double generatorWarmupSeconds, int devicesPerUser) {
    public Options(int pairs, double rate, double warmupSeconds, double durationSeconds, double drainSeconds,
        int textLength, boolean auditEverything, double generatorWarmupSeconds) {
      this(pairs, rate, warmupSeconds, durationSeconds, drainSeconds, textLength, auditEverything,
          generatorWarmupSeconds, 0);
    }

    public Options(int pairs, double rate, double warmupSeconds, double durationSeconds, double drainSeconds,
        int textLength, boolean auditEverything) {
      this(pairs, rate, warmupSeconds, durationSeconds, drainSeconds, textLength, auditEverything, 0);
    }
  }

  /**
   * The JSON result; {@code ok} is true when nothing was lost or duplicated (on any device), every expected
   * session got every message, no session was kicked and everything settled. {@code sessions}: connections
   * open (users x devices per user); {@code sentPerSecond} messages and {@code deliveriesPerSecond} pushes
   * (across all sessions) per second in the measured window; {@code loginPolicy} the server's (seed file).
   */
  public record Result(String mode, int pairs, double ratePerSecond, double warmupSeconds, double durationSeconds,
      int textLength, TrafficPhase.Result traffic, long lost, long duplicated, boolean ok, double loginsPerSecond,
      String clientTransport, int clientSourceAddresses, double serverUptimeAtTrafficStartSeconds,
      double generatorWarmupSeconds, int devicesPerUser, int sessions, String loginPolicy, double sentPerSecond,
      double deliveriesPerSecond) {}

  private final LoadSettings settings;

  public LatencyRun(LoadSettings settings) {
    this.settings = settings;
  }

  public Result run(Options o) {
    if (o.rate() <= 0 || o.durationSeconds() <= 0) {
      throw new IllegalArgumentException("--rate and --duration must be positive");
    }
    if (o.generatorWarmupSeconds() > 0) {
      warmGenerator(o);
    }
    try (ClientFleet fleet = settings.newFleet()) {
      PairSessions sessions = PairSessions.open(fleet, settings, o.pairs(), o.devicesPerUser(), "latency");
      double uptime = uptimeSeconds(settings.seed().serverPid());
      TrafficPhase.Result t = new TrafficPhase(sessions, o.textLength(),
          settings::print, settings.progressSeconds(), settings.cpuTargets())
          .run(o.rate(), o.warmupSeconds(), o.durationSeconds(), o.drainSeconds(), o.auditEverything(), "latency");
      return new Result("latency", o.pairs(), o.rate(), o.warmupSeconds(), o.durationSeconds(), o.textLength(), t,
          t.lost(), t.duplicated(), isClean(t), sessions.logins().loginsPerSecond(), fleet.transportName(),
          fleet.sourceAddresses().size(), uptime, o.generatorWarmupSeconds(), sessions.devicesPerUser(),
          sessions.sessions().size(), settings.seed().loginPolicy(), t.sentPerSecond(), t.deliveriesPerSecond());
    }
  }

  /** How long the server process (on this machine) has run; -1 when it cannot be told. */
  static double uptimeSeconds(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
        .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis() / 1000.0).orElse(-1.0);
  }

  /**
   * Warms this generator's own code (client pipeline, pacing, ledger) with the same traffic against a
   * throwaway in-memory server in this JVM, so the first seconds against the measured server show
   * that server's cold start and not the generator's. The measured server sees none of it.
   */
  private void warmGenerator(Options o) {
    settings.print(String.format("[latency] warming the generator for %.1f s against an in-process server",
        o.generatorWarmupSeconds()));
    int devices = Math.max(1, o.devicesPerUser());
    try (dev.parley.bench.BenchServer local = dev.parley.bench.BenchServer.start(
        dev.parley.bench.BenchServer.Options.inMemory(2 * o.pairs()).withLoginPolicy(
            dev.parley.core.model.LoginPolicy.multi(Math.max(devices, 2))))) {
      SeedFile seed = local.seed();
      LoadSettings s = new LoadSettings(seed, List.of(new InetSocketAddress(seed.chatHost(), seed.chatPort())),
          settings.threads(), settings.sourceAddresses(), settings.loginRate(), settings.maxLoginsInFlight(), null,
          settings.progressSeconds(), 0, List.of(), line -> { });
      try (ClientFleet fleet = s.newFleet()) {
        PairSessions sessions = PairSessions.open(fleet, s, o.pairs(), o.devicesPerUser(), "generator warm-up");
        new TrafficPhase(sessions, o.textLength(), line -> { },
            s.progressSeconds(), List.of()).run(o.rate(), 0, o.generatorWarmupSeconds(), o.drainSeconds(), false,
            "generator warm-up");
      }
    }
  }

  static boolean isClean(TrafficPhase.Result t) {
    return t.lost() == 0 && t.duplicated() == 0 && t.audit().error() == null && t.counts().misrouted() == 0
        && t.audit().neverStored() == 0 && t.settled() && t.missingPushes().pushes() == 0 && t.counts().kicked() == 0;
  }

  /** The human summary of a result. */
  public static List<String> summary(Result r) {
    List<String> out = new ArrayList<>();
    out.add(String.format("latency: %d pairs at %.0f msg/s for %.1f s (after %.1f s warm-up); server process up %.1f s "
        + "when traffic started", r.pairs(), r.ratePerSecond(), r.durationSeconds(), r.warmupSeconds(),
        r.serverUptimeAtTrafficStartSeconds()));
    out.add(String.format("  %d devices per user: %d sessions, server login policy %s; sent %.0f msg/s, %.0f deliveries/s "
        + "(pushes across all sessions)", r.devicesPerUser(), r.sessions(),
        r.loginPolicy() == null ? "(not in the seed file)" : r.loginPolicy(), r.sentPerSecond(), r.deliveriesPerSecond()));
    out.addAll(traffic(r.traffic()));
    out.add("  delivery p99 per second of traffic (warm-up included): " + perSecond(r.traffic().deliveryPerSecond()));
    out.add(r.ok() ? "result: OK (nothing lost, nothing duplicated" + (r.devicesPerUser() > 1 ? ", on any device)" : ")")
        : "result: FAILED (see counts above)");
    return out;
  }

  /** "0s 3.1 ms, 1s 0.9 ms, ..." for the first 30 seconds. */
  static String perSecond(List<PerSecondLatency.Second> seconds) {
    StringBuilder b = new StringBuilder();
    for (PerSecondLatency.Second s : seconds.subList(0, Math.min(30, seconds.size()))) {
      b.append(b.length() == 0 ? "" : ", ").append(String.format("%ds %.2f ms", s.second(), s.p99Us() / 1000));
    }
    return seconds.size() > 30 ? b + ", ... (all in the JSON)" : b.toString();
  }

  static List<String> traffic(TrafficPhase.Result t) {
    MessageLedger.Counts c = t.counts();
    MailboxAudit.Findings a = t.audit();
    List<String> lines = new ArrayList<>(List.of(
        String.format("  delivery latency: %s%s", t.delivery().describe(), t.devicesPerUser() > 1 ? " (per push)" : ""),
        String.format("  ack latency:      %s", t.ack().describe()),
        String.format("  offered %d, sent %d, acked %d, delivered %d, refused %d %s, delivered/s in window %.0f",
            t.offered(), c.sent(), c.acked(), c.delivered(), c.refused(), c.refusalsByCode(), t.deliveredPerSecond()),
        String.format("  lost %d, duplicated %d (pushed twice %d, stored twice %d), stored-not-pushed %d, "
            + "unanswered %d (stored %d), misrouted %d, settled %s, mailboxes audited %d%s",
            t.lost(), t.duplicated(), c.duplicated(), a.storedTwice(), a.storedNotPushed(),
            a.storedUnacked() + a.neverStored(), a.storedUnacked(), c.misrouted(), t.settled(), a.mailboxesRead(),
            a.error() == null ? "" : " AUDIT ERROR: " + a.error())));
    if (t.devicesPerUser() > 1) {
      MessageLedger.Missing m = t.missingPushes();
      lines.add(1, String.format("    to the recipient's devices:     %s", t.recipientDelivery().describe()));
      lines.add(2, String.format("    to the sender's other devices:  %s", t.senderDevicesDelivery().describe()));
      lines.add(String.format("  pushes %d (recipient devices %d, sender's other devices %d; %d per message), duplicate "
          + "pushes recipient %d / sender %d, missing pushes %d (recipient %d, sender %d) in %d messages, kicked %d %s",
          c.deliveries(), c.recipientDeliveries(), c.senderDeviceDeliveries(), 2 * t.devicesPerUser() - 1,
          c.recipientDuplicates(), c.senderDeviceDuplicates(), m.pushes(), m.recipientPushes(),
          m.senderDevicePushes(), m.messages(), c.kicked(), c.kicksByReason()));
    } else if (c.kicked() > 0) {
      lines.add(String.format("  kicked %d %s", c.kicked(), c.kicksByReason()));
    }
    for (CpuMeter.Usage u : t.cpu()) {
      double messages = t.sentPerSecond() * t.measuredSeconds();
      lines.add(String.format("  CPU %s (pid %d): %.2f s, %.2f cores, %.1f us per delivered %s", u.label(),
          u.pid(), u.cpuSeconds(), u.cores(), u.microsPerDelivered(), t.devicesPerUser() > 1
              ? String.format("push (%.1f us per message sent)", messages > 0 ? u.cpuSeconds() * 1e6 / messages : 0)
              : "message"));
    }
    return lines;
  }
}
