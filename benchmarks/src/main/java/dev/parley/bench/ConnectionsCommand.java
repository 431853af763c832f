package dev.parley.bench;

import dev.parley.bench.internal.CliValues;
import dev.parley.bench.internal.ResultOutput;
import dev.parley.bench.load.ConnectionsRun;
import dev.parley.bench.load.LoadSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley-bench connections}: many logged-in, heart-beating users and what they cost the server. */
@Command(name = "connections", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Hold N logged-in users; report login rate and the server's heap and RSS per connection.",
        "",
        "Log N seeded users in at R per second, hold them for D with heartbeats (Ping at the interval the node",
        "announces), then report how many stayed connected, the login rate and latency, and the server's heap",
        "and RSS per connection. Heap per connection = (heap used after a full GC at N connections - heap used",
        "after a full GC before connecting) / connections open; the GC and readings come from the bench",
        "server's control endpoint, or from jcmd and /proc when --server-pid names any other server JVM.",
        "One process holds at most its file-descriptor limit (20,000 here): use several for more.",
        "",
        "--gate-login: each connection first logs in through the gate (POST /api/v1/sessions with the password,",
        "verified at the server's Argon2 cost; 503 answers are retried after their Retry-After and counted), then",
        "on the chat node. The run then forces no GC until the end and reports the server's RSS before, right",
        "after the logins and after the hold, RSS growth per user, server CPU per login (from /proc) with and",
        "without one Argon2 verify's CPU (measured in this JVM first). Keep --ramp within the gate's hashing",
        "rate (about 2 x cores / verify time) and --max-logins-in-flight near the gate's pool (5 x cores).",
        "",
        "Storms: --ramp 0 logs everyone in as fast as --max-logins-in-flight allows and reports the time from the",
        "first login sent until all N were logged in, and refusals by error code (a RATE_LIMITED login is tried",
        "again after the node's retry-after, like the SDK). --reconnect-storm then restarts the node after the hold",
        "(the bench server's POST /restart-node: a new node in the same JVM with the same backends; or",
        "--restart-command for a new process, e.g. a `parley-bench node` on mysql-redis) and logs every closed",
        "connection back in at once, reporting the same figures for the reconnect."})
public final class ConnectionsCommand implements Callable<Integer> {
  @Mixin
  LoadOptions load;

  @Option(names = "--count", required = true, converter = CliValues.Amount.class, paramLabel = "N",
      description = "Users to log in (at most the seed file's).")
  double count;

  @Option(names = "--offset", defaultValue = "0", converter = CliValues.Amount.class, paramLabel = "N",
      description = "Skip the seed file's first N users, so several load generators can share one seed (default: ${DEFAULT-VALUE}).")
  double offset;

  @Option(names = "--ramp", defaultValue = "2000", converter = CliValues.Amount.class, paramLabel = "R/s",
      description = "Logins started per second; 0 = a login storm, as fast as --max-logins-in-flight allows "
          + "(default: ${DEFAULT-VALUE}).")
  double ramp;

  @Option(names = "--reconnect-storm",
      description = "After the hold, restart the chat node and log every connection back in at once (see above).")
  boolean reconnectStorm;

  @Option(names = "--restart-command", paramLabel = "CMD",
      description = "With --reconnect-storm: restart the node by running CMD (sh -c; it must stop the node and start a "
          + "new one on the same address, then exit) instead of the bench server's in-JVM restart.")
  String restartCommand;

  @Option(names = "--reconnect-wait", defaultValue = "60s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "With --reconnect-storm: longest wait for the restart and the connections to close (default: ${DEFAULT-VALUE}).")
  double reconnectWait;

  @Option(names = "--hold", defaultValue = "30s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "How long to hold the connections after the ramp (default: ${DEFAULT-VALUE}).")
  double hold;

  @Option(names = "--heartbeat", defaultValue = "0", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Ping interval; 0 = the node's (default: ${DEFAULT-VALUE}).")
  double heartbeat;

  @Option(names = "--baseline-connections", defaultValue = "0", converter = CliValues.Amount.class, paramLabel = "K",
      description = "First log in K more users (the seed file's users after the measured ones) and keep them open, then "
          + "take the \"before\" reading: heap and RSS per connection are then the marginal cost of the N measured "
          + "connections, without what the first connections cost once (classes, compiled code, TLS set-up, pools) "
          + "(default: ${DEFAULT-VALUE}).")
  double baselineConnections;

  @Option(names = "--gate-login",
      description = "Log each connection in through the gate with its password first (see above).")
  boolean gateLogin;

  @Override
  public Integer call() {
    if (gateLogin && load.viaGate) {
      throw new IllegalArgumentException("--gate-login logs each connection in through the gate already; drop --gate");
    }
    LoadSettings s = load.settings((int) (offset + count + baselineConnections));
    if (restartCommand != null && !reconnectStorm) {
      throw new IllegalArgumentException("--restart-command needs --reconnect-storm");
    }
    ConnectionsRun.Reconnect reconnect = reconnectStorm ? new ConnectionsRun.Reconnect(restartCommand, reconnectWait) : null;
    ConnectionsRun.Result r = new ConnectionsRun(s).run(new ConnectionsRun.Options((int) offset, (int) count, ramp, hold,
        Math.round(heartbeat * 1000), gateLogin, reconnect, (int) baselineConnections));
    ResultOutput.emit(r, ConnectionsRun.summary(r), s.out(), s::print);
    boolean held = r.loggedIn() == r.requested() && r.connectedAfterHold() == r.loggedIn();
    boolean back = r.reconnect() == null || r.reconnect().reconnected() == r.loggedIn();
    return held && back ? 0 : 1;
  }
}
