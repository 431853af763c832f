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
      boolean gateLogin, Reconnect reconnect, int baselineConnections) {
    public Options(int offset, int count, double rampPerSecond, double holdSeconds, long heartbeatMs) {
      this(offset, count, rampPerSecond, holdSeconds, heartbeatMs, false, null, 0);
    }

    public Options(int offset, int count, double rampPerSecond, double holdSeconds, long heartbeatMs,
        boolean gateLogin, Reconnect reconnect) {
      this(offset, count, rampPerSecond, holdSeconds, heartbeatMs, gateLogin, reconnect, 0);
    }
  }

  /**
   * A reconnect storm after the hold: restart the node ({@code command} null: the bench server's
   * control call, else this shell command), wait at most {@code waitSeconds} for the node's
   * connections to close and for it to accept again, then log everyone back in at once.
   */
  public record Reconnect(String command, double waitSeconds) {}

  /**
   * What a reconnect storm did: how the node was restarted and how long until it accepted again,
   * how many logged-in connections the restart closed, then the storm: logged in again, failed,
   * refusals by code (RATE_LIMITED retried after its retry-after), time from the first login sent
   * until all were logged in again (-1 when not all were), and login latency.
   */
  public record ReconnectReport(String restartMethod, double restartSeconds, int closedByRestart,
      int stillOpenAfterRestart, int reconnected, int failed, Map<String, Integer> failureReasons,
      Map<String, Integer> refusalsByCode, long retries, double allLoggedInSeconds, double loginsPerSecond,
      LatencySummary loginLatency) {}

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
      Map<String, Integer> refusalsByCode, long loginRetries, double allLoggedInSeconds, double loginsPerSecond, LatencySummary loginLatency, LatencySummary connectLatency, double holdSeconds, int connectedAfterHold,
      long closedByServer, long kicked, ServerProbe.Memory memoryBefore, ServerProbe.Memory memoryAtCount,
      long heapPerConnectionBytes, long rssPerConnectionBytes, String clientTransport, int clientSourceAddresses,
      long clientMaxOpenFiles, int chatNodes, GateLoginReport gateLogin, ReconnectReport reconnect,
      int baselineConnections) {}

  private final LoadSettings settings;
  private final LongAdder closed = new LongAdder();
  private final LongAdder kicked = new LongAdder();

  public ConnectionsRun(LoadSettings settings) {
    this.settings = settings;
  }

  public Result run(Options o) {
    int available = settings.seed().users().size() - o.offset();
    if (o.offset() < 0 || o.count() < 1 || o.count() + o.baselineConnections() > available) {
      throw new IllegalArgumentException("--offset " + o.offset() + " --count " + o.count() + " --baseline-connections "
          + o.baselineConnections() + " is outside the seed file's " + settings.seed().users().size() + " users");
    }
    if (o.baselineConnections() > 0 && o.gateLogin()) {
      throw new IllegalArgumentException("--baseline-connections does not go with --gate-login (that run forces no GC)");
    }
    long maxFiles = ProcessLimits.maxOpenFiles("self").orElse(-1);
    if (maxFiles > 0 && o.count() > maxFiles - 200) {
      settings.print("warning: " + o.count() + " connections need more file descriptors than this process's limit "
          + maxFiles + "; run several load generators");
    }
    ServerProbe probe = settings.probe();
    GateMeter gate = o.gateLogin() ? GateMeter.start(settings, probe) : null;
    ServerProbe.Memory before = null;
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
      if (o.baselineConnections() > 0) {
        baseline(fleet, listener, o);
      }
      // a gate-login run reads RSS as users meet it, so it forces no GC until the very end
      before = gate != null ? null : probe.afterGc();
      LoginRamp ramp = gate != null ? new LoginRamp(fleet, listener, o.heartbeatMs(), gate.sessions()::login)
          : new LoginRamp(fleet, listener, o.heartbeatMs());
      if (gate != null) {
        gate.beforeLogins();
      }
      LoginRamp.Outcome logins = ramp.run(
          settings.seed().users().subList(o.offset(), o.offset() + o.count()), o.offset(), o.rampPerSecond(), settings.maxLoginsInFlight(),
          (o.rampPerSecond() > 0 ? (long) (o.count() / o.rampPerSecond()) : 0) + 120,
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
          .filter(c -> c.isOpen() && Math.floorMod(c.slot(), k) == 0).count();
      ServerProbe.Memory at = probe.afterGc();
      if (before == null) {
        before = new ServerProbe.Memory(-1, gateReport.before().rssBytes(), "no GC before a gate-login run: RSS only");
      }
      long closedBeforeRestart = closed.sum();
      ReconnectReport reconnect = o.reconnect() == null ? null
          : reconnectStorm(fleet, listener, logins.connections(), o.reconnect(), o.heartbeatMs());
      return new Result("connections", o.count(), logins.connections().size(), logins.failed(),
          logins.failureReasons(), logins.refusalsByCode(), logins.retries(), logins.allLoggedInSeconds(),
          logins.loginsPerSecond(), LatencySummary.of(logins.loginLatency()),
          LatencySummary.of(logins.connectLatency()),
          o.holdSeconds(), open, closedBeforeRestart, kicked.sum(), before, at,
          perConnection(before.heapUsedAfterGcBytes(), at.heapUsedAfterGcBytes(), openOnProbed),
          perConnection(before.rssBytes(), at.rssBytes(), openOnProbed), fleet.transportName(),
          fleet.sourceAddresses().size(), maxFiles, fleet.serverCount(), gateReport, reconnect,
          o.baselineConnections());
    }
  }

  /**
   * Logs in the {@code baselineConnections} users after the measured ones and keeps them open, so
   * what the first connections cost once (classes loaded, code compiled, TLS providers set up, pools
   * grown) is in the "before" reading and the figures per connection are the marginal cost.
   */
  private void baseline(ClientFleet fleet, FrameListener listener, Options o) {
    int from = o.offset() + o.count();
    List<dev.parley.bench.SeedFile.SeedUser> users = settings.seed().users().subList(from, from + o.baselineConnections());
    LoginRamp.Outcome b = new LoginRamp(fleet, listener, o.heartbeatMs()).run(users, from, o.rampPerSecond(),
        settings.maxLoginsInFlight(), (o.rampPerSecond() > 0 ? (long) (users.size() / o.rampPerSecond()) : 0) + 120,
        (ok, failed) -> settings.print(String.format("[baseline] logged in %d/%d, %d failed", ok, users.size(), failed)),
        settings.progressSeconds());
    if (b.connections().size() != users.size()) {
      // still a valid baseline: the one-time costs are paid; the measured figures divide by the measured ones only
      settings.print("[baseline] warning: only " + b.connections().size() + " of " + users.size()
          + " baseline connections logged in: " + b.failureReasons());
    }
    settings.print(String.format("[baseline] %d connections open before the \"before\" reading", b.connections().size()));
  }

  private ReconnectReport reconnectStorm(ClientFleet fleet, FrameListener listener,
      List<BenchConnection> loggedIn, Reconnect r, long heartbeatMs) {
    if (fleet.serverCount() != 1) {
      throw new IllegalArgumentException("a reconnect storm restarts one chat node: drop --nodes");
    }
    java.net.InetSocketAddress node = settings.chatNodes().get(0);
    settings.print("[connections] restarting the chat node");
    NodeRestart.Done restart = r.command() == null
        ? NodeRestart.viaControl(settings.seed().controlUrl(), node, r.waitSeconds())
        : NodeRestart.viaCommand(r.command(), node, r.waitSeconds());
    long deadline = System.nanoTime() + (long) (r.waitSeconds() * 1e9);
    while (loggedIn.stream().anyMatch(BenchConnection::isOpen) && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    int stillOpen = (int) loggedIn.stream().filter(BenchConnection::isOpen).count();
    List<dev.parley.bench.SeedFile.SeedUser> users = loggedIn.stream().filter(c -> !c.isOpen())
        .map(BenchConnection::user).toList();
    settings.print(String.format("[connections] node back after %.2f s; %d connections closed, %d still open; "
        + "reconnecting all at once", restart.secondsUntilAccepting(), users.size(), stillOpen));
    LoginRamp storm = new LoginRamp(fleet, listener, heartbeatMs);
    LoginRamp.Outcome again = storm.run(users, 0, 0, settings.maxLoginsInFlight(), 120,
        (ok, failed) -> settings.print(String.format("[reconnect] logged in %d/%d, %d failed", ok, users.size(), failed)),
        settings.progressSeconds());
    settings.print(String.format("[reconnect] %d of %d logged in again in %.2f s", again.connections().size(),
        users.size(), again.allLoggedInSeconds()));
    return new ReconnectReport(restart.method(), restart.secondsUntilAccepting(), users.size(), stillOpen,
        again.connections().size(), again.failed(), again.failureReasons(), again.refusalsByCode(), again.retries(),
        again.allLoggedInSeconds(), again.loginsPerSecond(), LatencySummary.of(again.loginLatency()));
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
    ReconnectReport c = r.reconnect();
    if (c != null) {
      lines.add(String.format("reconnect storm: restart (%s) %.2f s; %d closed by it, %d still open", c.restartMethod(),
          c.restartSeconds(), c.closedByRestart(), c.stillOpenAfterRestart()));
      lines.add(String.format("  %d of %d logged in again, all within %.2f s (%.0f/s), %d failed%s; refusals %s, retried %d",
          c.reconnected(), c.closedByRestart(), c.allLoggedInSeconds(), c.loginsPerSecond(), c.failed(),
          c.failureReasons().isEmpty() ? "" : " " + c.failureReasons(), c.refusalsByCode(), c.retries()));
      lines.add("  login latency " + c.loginLatency().describe());
    }
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
        String.format("login rate %.0f/s; first login sent until all logged in: %s; refusals %s, retried %d",
            r.loginsPerSecond(), r.allLoggedInSeconds() < 0 ? "not all logged in" : String.format("%.2f s", r.allLoggedInSeconds()),
            r.refusalsByCode(), r.loginRetries()),
        String.format("login latency %s", r.loginLatency().describe()),
        String.format("  of which TCP connect: %s", r.connectLatency().describe()),
        String.format("server heap after GC: %s -> %s; per connection %s%s",
            bytes(r.memoryBefore().heapUsedAfterGcBytes()), bytes(r.memoryAtCount().heapUsedAfterGcBytes()),
            bytes(r.heapPerConnectionBytes()), r.baselineConnections() > 0
                ? String.format(" (marginal: %d baseline connections open before)", r.baselineConnections()) : ""),
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
