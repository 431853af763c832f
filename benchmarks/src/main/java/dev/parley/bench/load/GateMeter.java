package dev.parley.bench.load;

import dev.parley.bench.internal.GateSessions;
import java.util.Map;

/**
 * The readings a gate-login connections run takes around its ramp and hold: server RSS without a
 * forced GC, server CPU time from /proc, and one Argon2 verify's own CPU measured after the
 * hold, when every reading is taken and the server is idle. Not thread-safe; used by the run's thread in
 * order: {@link #start}, {@link #beforeLogins}, {@link #afterLogins}, {@link #afterHold}.
 */
final class GateMeter {
  private final ServerProbe probe;
  private final GateSessions sessions;
  private final LoadSettings settings;
  private ServerProbe.Resident before;
  private ServerProbe.Resident afterLogins;
  private long cpuBefore;
  private long cpuAfterLogins;
  private Map<String, Long> threadsBefore = Map.of();
  private Map<String, Long> threadsAfterLogins = Map.of();
  private long afterLoginsNanos;

  private GateMeter(ServerProbe probe, GateSessions sessions, LoadSettings settings) {
    this.probe = probe;
    this.sessions = sessions;
    this.settings = settings;
  }

  /**
   * One verify's CPU, measured after every reading (in the server's JVM when it has a control
   * endpoint, else here): measured before the logins, its own hasher's 19 MiB pools and garbage
   * went into the "before" RSS and made the growth per user look smaller (even negative).
   */
  private HashCost.Verify measureHash() {
    HashCost.Verify cost = probe.hashCost().orElseGet(() -> HashCost.measure(HashCost.SAMPLES));
    settings.print(String.format("[connections] one Argon2 verify (%s): %.0f µs CPU (median of %d)", cost.hasher(),
        cost.medianCpuMicros(), cost.samplesCpuMicros().length));
    return cost;
  }

  static GateMeter start(LoadSettings settings, ServerProbe probe) {
    return new GateMeter(probe, new GateSessions(settings.seed()), settings);
  }

  GateSessions sessions() {
    return sessions;
  }

  void beforeLogins() {
    before = probe.resident();
    cpuBefore = probe.cpuNanos();
    threadsBefore = ThreadCpu.ticksByGroup(probe.cpuPid());
  }

  void afterLogins() {
    cpuAfterLogins = probe.cpuNanos();
    threadsAfterLogins = ThreadCpu.ticksByGroup(probe.cpuPid());
    afterLoginsNanos = System.nanoTime();
    afterLogins = probe.resident();
  }

  ConnectionsRun.GateLoginReport afterHold(int loggedIn, double holdSeconds) {
    long cpuAfterHold = probe.cpuNanos();
    double idleSeconds = (System.nanoTime() - afterLoginsNanos) / 1e9;
    ServerProbe.Resident afterHold = probe.resident();
    HashCost.Verify hashCost = measureHash();
    boolean cpuKnown = cpuBefore >= 0 && cpuAfterLogins >= 0 && loggedIn > 0;
    double loginCpu = cpuKnown ? (cpuAfterLogins - cpuBefore) / 1e9 : -1;
    double perLogin = cpuKnown ? loginCpu * 1e6 / loggedIn : -1;
    double idleCores = cpuAfterHold >= 0 && cpuAfterLogins >= 0 && idleSeconds > 0
        ? (cpuAfterHold - cpuAfterLogins) / 1e9 / idleSeconds : -1;
    return new ConnectionsRun.GateLoginReport(hashCost, before, afterLogins, afterHold,
        growthPerUser(before.rssBytes(), afterLogins.rssBytes(), loggedIn),
        growthPerUser(before.rssBytes(), afterHold.rssBytes(), loggedIn), loginCpu, perLogin,
        cpuKnown ? perLogin - hashCost.medianCpuMicros() : -1, idleCores, sessions.retries(),
        ThreadCpu.perUnitMicros(threadsBefore, threadsAfterLogins, loggedIn));
  }

  /** (after - before) / users, negative when the process shrank; null when a reading is missing. */
  private static Long growthPerUser(long before, long after, int users) {
    return before < 0 || after < 0 || users <= 0 ? null : (after - before) / users;
  }
}
