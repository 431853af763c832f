package dev.parley.bench.load;

import dev.parley.bench.internal.GateSessions;
import java.util.Map;

/**
 * The readings a gate-login connections run takes around its ramp and hold: server RSS without a
 * forced GC, server CPU time from /proc, and one Argon2 verify's own CPU measured before the
 * ramp (so it does not compete with the server). Not thread-safe; used by the run's thread in
 * order: {@link #start}, {@link #beforeLogins}, {@link #afterLogins}, {@link #afterHold}.
 */
final class GateMeter {
  private static final int HASH_SAMPLES = 9;

  private final ServerProbe probe;
  private final GateSessions sessions;
  private final HashCost.Verify hashCost;
  private ServerProbe.Resident before;
  private ServerProbe.Resident afterLogins;
  private long cpuBefore;
  private long cpuAfterLogins;
  private Map<String, Long> threadsBefore = Map.of();
  private Map<String, Long> threadsAfterLogins = Map.of();
  private long afterLoginsNanos;

  private GateMeter(ServerProbe probe, GateSessions sessions, HashCost.Verify hashCost) {
    this.probe = probe;
    this.sessions = sessions;
    this.hashCost = hashCost;
  }

  static GateMeter start(LoadSettings settings, ServerProbe probe) {
    // In the server's JVM when it has a control endpoint (its collector and flags), else here.
    HashCost.Verify cost = probe.hashCost().orElseGet(() -> HashCost.measure(HASH_SAMPLES));
    settings.print(String.format("[connections] one Argon2 verify (%s): %.0f µs CPU (median of %d)", cost.hasher(),
        cost.medianCpuMicros(), cost.samplesCpuMicros().length));
    return new GateMeter(probe, new GateSessions(settings.seed()), cost);
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
