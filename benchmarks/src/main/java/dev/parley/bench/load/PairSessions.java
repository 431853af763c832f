package dev.parley.bench.load;

import dev.parley.bench.SeedFile.SeedUser;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logs in the users of the first {@code pairs} seeded friend pairs, for the messaging modes. Every
 * one of them must log in: a pair with a missing side would turn into "lost" messages that say
 * nothing about the server. Immutable once opened.
 *
 * @param baselineSeq each connection's mailbox seq at login (the audit reads from there)
 */
public record PairSessions(List<BenchConnection> connections, Map<BenchConnection, Long> baselineSeq,
    LoginRamp.Outcome logins) {

  /** @throws IllegalStateException when the seed has too few users or a login fails */
  public static PairSessions open(ClientFleet fleet, LoadSettings s, int pairs, String label) {
    if (pairs < 1 || pairs > s.seed().pairCount()) {
      throw new IllegalArgumentException("--pairs " + pairs + " is outside 1.." + s.seed().pairCount()
          + " (the seed file has " + s.seed().users().size() + " users)");
    }
    List<SeedUser> users = s.seed().firstUsers(2 * pairs);
    LoginRamp.Outcome out = new LoginRamp(fleet, FrameListener.NONE, 0).run(users, 0, s.loginRate(),
        s.maxLoginsInFlight(), 120 + (long) (users.size() / s.loginRate()),
        (ok, failed) -> s.print(String.format("[%s] logging in: %d/%d, %d failed", label, ok, users.size(), failed)),
        s.progressSeconds());
    if (out.connections().size() != users.size()) {
      out.connections().forEach(BenchConnection::close);
      throw new IllegalStateException(out.failed() + " of " + users.size() + " logins failed: " + out.failureReasons());
    }
    Map<BenchConnection, Long> baseline = new IdentityHashMap<>();
    out.connections().forEach(c -> baseline.put(c, c.loginMailboxSeq()));
    s.print(String.format("[%s] %d users logged in at %.0f/s", label, users.size(), out.loginsPerSecond()));
    return new PairSessions(out.connections(), baseline, out);
  }
}
