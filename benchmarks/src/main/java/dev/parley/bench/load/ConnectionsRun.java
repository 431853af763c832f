package dev.parley.bench.load;

import dev.parley.bench.internal.ProcessLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The connections mode: logs {@code count} seeded users in at {@code ramp} per second, holds them
 * for {@code hold} with heartbeats, and reports how many stayed connected, the login rate and
 * latency, and the server's heap and RSS per connection. Heap per connection is
 * (heap used after a full GC with the connections open - heap used after a full GC before the
 * first connection) / connections open; RSS per connection likewise (RSS does not shrink after a
 * GC, so it is an upper bound on what the connections cost the process).
 *
 * <p>With {@link Options#gateLogin} every connection first logs in through the gate with its
 * password ({@link dev.parley.bench.internal.GateSessions}), no GC is forced until the end, and the
 * result carries a {@link GateLoginReport} ({@code GateMeter} takes its readings).
 *
 * <p>Not thread-safe; {@link #run} once.
 */
public final class ConnectionsRun {
  /**
   * Options of one run; heartbeatMs 0 uses the interval the node announces at login. With
   * {@code gateLogin} each connection first logs in through the gate with its password.
   */
  public record Options(int offset, int count, double rampPerSecond, double holdSeconds, long heartbeatMs,
      boolean gateLogin) {
    public Options(int offset, int count, double rampPerSecond, double holdSeconds, long heartbeatMs) {
      this(offset, count, rampPerSecond, holdSeconds, heartbeatMs, false);
    }
  }

  /**
   * What a gate-login run adds: the server's RSS (no forced GC) before the first login, right after
   * the last and after the hold; the growth per logged-in user; the server's CPU during the logins
   * per login, with and without one verify's own CPU ({@code hashCost}, measured in the generator);
   * the server's CPU per second while the connections sat idle; the 503s that were retried; and
   * the server's CPU per login by thread group during the logins ({@link ThreadCpu}), largest first.
   */
  public record GateLoginReport(HashCost.Verify hashCost, ServerProbe.Resident before, ServerProbe.Resident afterLogins,
      ServerProbe.Resident afterHold, Long rssGrowthPerUserAfterLoginsBytes, Long rssGrowthPerUserAfterHoldBytes,
      double serverCpuDuringLoginsSeconds, double serverCpuPerLoginMicros, double serverCpuPerLoginExcludingHashMicros,
      double serverCpuCoresWhileIdle, long gateRetries, Map<String, Double> serverCpuPerLoginByThreadMicros) {}

  /** The JSON result. Memory figures are bytes; -1 when they could not be read. */
  public record Result(String mode, int requested, int loggedIn, int failed, Map<String, Integer> failureReasons,
      double loginsPerSecond, LatencySummary loginLatency, LatencySummary connectLatency, double holdSeconds, int connectedAfterHold,
      long closedByServer, long kicked, ServerProbe.Memory memoryBefore, ServerProbe.Memory memoryAtCount,
      long heapPerConnectionBytes, long rssPerConnectionBytes, String clientTransport, int clientSourceAddresses,
      long clientMaxOpenFiles, int chatNodes, GateLoginReport gateLogin) {}

  private final LoadSettings settings;
  private final LongAdder closed = new LongAdder();
  private final LongAdder kicked = new LongAdder();

  public ConnectionsRun(LoadSettings settings) {
    this.settings = settings;
  }

  public Result run(Options o) {
    int available = settings.seed().users().size() - o.offset();
    if (o.offset() < 0 || o.count() < 1 || o.count() > available) {
      throw new IllegalArgumentException("--offset " + o.offset() + " --count " + o.count() + " is outside the seed file's "
          + settings.seed().users().size() + " users");
    }
    long maxFiles = ProcessLimits.maxOpenFiles("self").orElse(-1);
    if (maxFiles > 0 && o.count() > maxFiles - 200) {
      settings.print("warning: " + o.count() + " connections need more file descriptors than this process's limit "
          + maxFiles + "; run several load generators");
    }
    ServerProbe probe = settings.probe();
    GateMeter gate = o.gateLogin() ? GateMeter.start(settings, probe) : null;
    // a gate-login run reads RSS as users meet it, so it forces no GC until the very end
    ServerProbe.Memory before = gate != null ? null : probe.afterGc();
    try (ClientFleet fleet = settings.newFleet()) {
      FrameListener listener = new FrameListener() {
        @Override
        public void onClosed(BenchConnection c) {
          closed.increment();
        }

        @Override
        public void onKicked(BenchConnection c, String reason) {
          kicked.increment();
        }
      };
      LoginRamp ramp = gate != null ? new LoginRamp(fleet, listener, o.heartbeatMs(), gate.sessions()::login)
          : new LoginRamp(fleet, listener, o.heartbeatMs());
      if (gate != null) {
        gate.beforeLogins();
      }
      LoginRamp.Outcome logins = ramp.run(
          settings.seed().users().subList(o.offset(), o.offset() + o.count()), o.offset(), o.rampPerSecond(), settings.maxLoginsInFlight(),
          (long) (o.count() / o.rampPerSecond()) + 120,
          (ok, failed) -> settings.print(String.format("[connections] logged in %d/%d, %d failed, open %d", ok,
              o.count(), failed, fleet.openCount())), settings.progressSeconds());
      settings.print(String.format("[connections] %d logged in at %.0f/s; holding %.0f s",
          logins.connections().size(), logins.loginsPerSecond(), o.holdSeconds()));
      if (gate != null) {
        gate.afterLogins();
      }
      hold(fleet, o.holdSeconds());
      GateLoginReport gateReport = gate == null ? null : gate.afterHold(logins.connections().size(), o.holdSeconds());
      int open = (int) logins.connections().stream().filter(BenchConnection::isOpen).count();
      // the probe reads the seed's own server: divide by the connections on that node only
      int k = fleet.serverCount();
      int openOnProbed = (int) logins.connections().stream()
          .filter(c -> c.isOpen() && Math.floorMod(o.offset() + c.index(), k) == 0).count();
      ServerProbe.Memory at = probe.afterGc();
      if (before == null) {
        before = new ServerProbe.Memory(-1, gateReport.before().rssBytes(), "no GC before a gate-login run: RSS only");
      }
      return new Result("connections", o.count(), logins.connections().size(), logins.failed(),
          logins.failureReasons(), logins.loginsPerSecond(), LatencySummary.of(logins.loginLatency()),
          LatencySummary.of(logins.connectLatency()),
          o.holdSeconds(), open, closed.sum(), kicked.sum(), before, at,
          perConnection(before.heapUsedAfterGcBytes(), at.heapUsedAfterGcBytes(), openOnProbed),
          perConnection(before.rssBytes(), at.rssBytes(), openOnProbed), fleet.transportName(),
          fleet.sourceAddresses().size(), maxFiles, fleet.serverCount(), gateReport);
    }
  }

  private void hold(ClientFleet fleet, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.progressSeconds());
    while (System.nanoTime() - end < 0) {
      LockSupport.parkNanos(Math.min(end - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200)));
      if (System.nanoTime() - next >= 0) {
        settings.print(String.format("[connections] holding: open %d, closed by server %d, kicked %d",
            fleet.openCount(), closed.sum(), kicked.sum()));
        next += TimeUnit.SECONDS.toNanos(settings.progressSeconds());
      }
    }
  }

  static long perConnection(long before, long after, int connections) {
    if (before < 0 || after < 0 || connections <= 0) {
      return -1;
    }
    return (after - before) / connections;
  }

  /** The human summary of a result. */
  public static List<String> summary(Result r) {
    List<String> lines = new java.util.ArrayList<>(baseSummary(r));
    GateLoginReport g = r.gateLogin();
    if (g != null) {
      lines.add(String.format("gate login: server RSS (no GC) %s before, %s after the logins, %s after %.0f s idle",
          bytes(g.before().rssBytes()), bytes(g.afterLogins().rssBytes()), bytes(g.afterHold().rssBytes()), r.holdSeconds()));
      lines.add(String.format("  RSS growth per user: %s after the logins, %s after idle",
          signedBytes(g.rssGrowthPerUserAfterLoginsBytes()), signedBytes(g.rssGrowthPerUserAfterHoldBytes())));
      lines.add(String.format("  server CPU per login %.0f µs; one Argon2 verify %.0f µs (%s); excluding it %.0f µs",
          g.serverCpuPerLoginMicros(), g.hashCost().medianCpuMicros(), g.hashCost().hasher(),
          g.serverCpuPerLoginExcludingHashMicros()));
      lines.add(String.format("  server CPU while idle %.3f cores; gate 503s retried %d", g.serverCpuCoresWhileIdle(),
          g.gateRetries()));
      StringBuilder byThread = new StringBuilder();
      g.serverCpuPerLoginByThreadMicros().forEach((k, v) -> byThread.append(String.format(" %s %.0f,", k, v)));
      lines.add("  server CPU per login by thread group (µs):" + byThread);
    }
    return lines;
  }

  private static List<String> baseSummary(Result r) {
    return List.of(
        String.format("connections: %d of %d logged in (%d failed%s), %d still connected after %.0f s hold",
            r.loggedIn(), r.requested(), r.failed(), r.failureReasons().isEmpty() ? "" : " " + r.failureReasons(),
            r.connectedAfterHold(), r.holdSeconds()),
        String.format("login rate %.0f/s; login latency %s", r.loginsPerSecond(), r.loginLatency().describe()),
        String.format("  of which TCP connect: %s", r.connectLatency().describe()),
        String.format("server heap after GC: %s -> %s; per connection %s",
            bytes(r.memoryBefore().heapUsedAfterGcBytes()), bytes(r.memoryAtCount().heapUsedAfterGcBytes()),
            bytes(r.heapPerConnectionBytes())),
        String.format("server RSS: %s -> %s; per connection %s", bytes(r.memoryBefore().rssBytes()),
            bytes(r.memoryAtCount().rssBytes()), bytes(r.rssPerConnectionBytes())),
        "memory method: " + r.memoryAtCount().method());
  }

  private static String signedBytes(Long b) {
    return b == null ? "n/a" : b < 0 ? "-" + bytes(-b) : bytes(b);
  }

  static String bytes(long b) {
    if (b < 0) {
      return "n/a";
    }
    return b >= 10 * 1024 * 1024 ? String.format("%.1f MiB", b / 1048576.0) : String.format("%.2f KiB", b / 1024.0);
  }
}
