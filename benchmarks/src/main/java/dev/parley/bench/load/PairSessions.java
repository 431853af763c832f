package dev.parley.bench.load;

import dev.parley.bench.SeedFile.SeedUser;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logs in the users of the first {@code pairs} seeded friend pairs, for the messaging modes, each
 * with {@code devicesPerUser} sessions ({@link BenchDevice#of}: distinct device ids, platforms
 * DESKTOP, MOBILE, WEB, OTHER...). Every one of them must log in: a pair with a missing side would
 * turn into "lost" messages that say nothing about the server. Immutable once opened.
 *
 * @param connections device 0 of each user, in user order (users {@code 2i} and {@code 2i+1} are pair {@code i}):
 *     the sessions that send
 * @param baselineSeq each device-0 connection's mailbox seq at login (the audit reads from there)
 * @param sessions every session, user-major: user {@code u}'s device {@code d} is at {@code u * devicesPerUser + d}
 * @param devicesPerUser sessions per user
 */
public record PairSessions(List<BenchConnection> connections, Map<BenchConnection, Long> baselineSeq,
    LoginRamp.Outcome logins, List<BenchConnection> sessions, int devicesPerUser) {

  /** One session per user, logging in without a device id (as before issue 13). */
  public static PairSessions open(ClientFleet fleet, LoadSettings s, int pairs, String label) {
    return open(fleet, s, pairs, 0, label);
  }

  /**
   * {@code devicesPerUser} sessions per user (0: one session whose login names no device).
   *
   * @throws IllegalStateException when the seed has too few users or a login fails
   */
  public static PairSessions open(ClientFleet fleet, LoadSettings s, int pairs, int devicesPerUser, String label) {
    if (pairs < 1 || pairs > s.seed().pairCount()) {
      throw new IllegalArgumentException("--pairs " + pairs + " is outside 1.." + s.seed().pairCount()
          + " (the seed file has " + s.seed().users().size() + " users)");
    }
    int perUser = Math.max(1, devicesPerUser);
    List<SeedUser> users = s.seed().firstUsers(2 * pairs);
    List<SeedUser> logins = new ArrayList<>(users.size() * perUser);
    List<BenchDevice> devices = devicesPerUser > 0 ? new ArrayList<>(users.size() * perUser) : null;
    for (SeedUser u : users) {
      for (int d = 0; d < perUser; d++) {
        logins.add(u);
        if (devices != null) {
          devices.add(BenchDevice.of(u.id(), d));
        }
      }
    }
    LoginRamp.Outcome out = new LoginRamp(fleet, FrameListener.NONE, 0).run(logins, devices, 0, s.loginRate(),
        s.maxLoginsInFlight(), 120 + (long) (logins.size() / s.loginRate()),
        (ok, failed) -> s.print(String.format("[%s] logging in: %d/%d, %d failed", label, ok, logins.size(), failed)),
        s.progressSeconds());
    if (out.connections().size() != logins.size()) {
      out.connections().forEach(BenchConnection::close);
      throw new IllegalStateException(out.failed() + " of " + logins.size() + " logins failed: " + out.failureReasons());
    }
    long closed = out.connections().stream().filter(c -> !c.isOpen()).count();
    if (closed > 0) {
      out.connections().forEach(BenchConnection::close);
      throw new IllegalStateException(closed + " of " + logins.size() + " sessions closed right after logging in "
          + "(kicked by a later login of the same user? check the server's --login-policy against --devices-per-user)");
    }
    List<BenchConnection> primaries = new ArrayList<>(users.size());
    for (int u = 0; u < users.size(); u++) {
      primaries.add(out.connections().get(u * perUser));
    }
    Map<BenchConnection, Long> baseline = new IdentityHashMap<>();
    primaries.forEach(c -> baseline.put(c, c.loginMailboxSeq()));
    s.print(String.format("[%s] %d users logged in (%d sessions, %d per user) at %.0f/s", label, users.size(),
        logins.size(), perUser, out.loginsPerSecond()));
    return new PairSessions(List.copyOf(primaries), baseline, out, out.connections(), perUser);
  }
}
