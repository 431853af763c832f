package dev.parley.bench.load;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.core.protocol.ChatProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sets up the groups of a group run over the protocol: logs in the first {@code groups x members}
 * seeded users (one session each, device 0, as the latency mode does), then has the first member of
 * each group create it with {@code CreateGroup} naming up to {@link #PER_REQUEST} other members and
 * invite the rest with {@code InviteToGroup}, {@link #PER_REQUEST} at a time, and finally reads the
 * group back ({@code GetGroup}) for its member count and the seq its log reached (the audit's and the
 * seq check's baseline). Group {@code g} holds users {@code g*members .. (g+1)*members-1}. Every
 * login and every group must succeed: a missing member would turn into "missing pushes" that say
 * nothing about the server. Immutable once opened.
 *
 * @param members per group, its members' sessions, the creator (owner) first
 * @param groupIds the groups' ids
 * @param baselineSeq each group's last seq after its set-up
 * @param logins the login ramp's outcome
 * @param setupSeconds how long creating and filling the groups took
 */
public record GroupSessions(List<List<BenchConnection>> members, long[] groupIds, long[] baselineSeq,
    LoginRamp.Outcome logins, double setupSeconds) {
  /** Member ids one CreateGroup or InviteToGroup names at most (GroupLimits' default maxInvitesPerRequest). */
  public static final int PER_REQUEST = 100;
  private static final int GROUPS_IN_FLIGHT = 8;

  /** Every session of the run. */
  public List<BenchConnection> sessions() {
    List<BenchConnection> all = new ArrayList<>();
    members.forEach(all::addAll);
    return all;
  }

  /**
   * Logs in and creates the groups.
   *
   * @throws IllegalStateException when the seed has too few users, a login fails or the node refuses a
   *     group set-up request (with a hint at the bench server option that allows it)
   */
  public static GroupSessions open(ClientFleet fleet, LoadSettings s, int groups, int membersPerGroup, String label) {
    long users = (long) groups * membersPerGroup;
    if (groups < 1 || membersPerGroup < 2) {
      throw new IllegalArgumentException("--groups must be at least 1 and --members at least 2, were " + groups
          + " and " + membersPerGroup);
    }
    if (users > s.seed().users().size()) {
      throw new IllegalArgumentException("--groups " + groups + " x --members " + membersPerGroup + " = " + users
          + " users, but the seed file has " + s.seed().users().size() + " (start the server with --users " + users + ")");
    }
    List<SeedUser> seeded = s.seed().firstUsers((int) users);
    List<BenchDevice> devices = new ArrayList<>(seeded.size());
    seeded.forEach(u -> devices.add(BenchDevice.of(u.id(), 0)));
    LoginRamp.Outcome out = new LoginRamp(fleet, FrameListener.NONE, 0).run(seeded, devices, 0, s.loginRate(),
        s.maxLoginsInFlight(), 120 + (long) (seeded.size() / s.loginRate()),
        (ok, failed) -> s.print(String.format("[%s] logging in: %d/%d, %d failed", label, ok, seeded.size(), failed)),
        s.progressSeconds());
    if (out.connections().size() != seeded.size()) {
      out.connections().forEach(BenchConnection::close);
      throw new IllegalStateException(out.failed() + " of " + seeded.size() + " logins failed: " + out.failureReasons());
    }
    s.print(String.format("[%s] %d users logged in at %.0f/s; creating %d groups of %d", label, seeded.size(),
        out.loginsPerSecond(), groups, membersPerGroup));
    List<List<BenchConnection>> members = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      members.add(List.copyOf(out.connections().subList(g * membersPerGroup, (g + 1) * membersPerGroup)));
    }
    long t0 = System.nanoTime();
    String nonce = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36);
    long[] ids = new long[groups];
    long[] baseline = new long[groups];
    List<CompletableFuture<Void>> pending = new ArrayList<>(groups);
    Semaphore inFlight = new Semaphore(GROUPS_IN_FLIGHT);
    try {
      for (int g = 0; g < groups; g++) {
        int group = g;
        inFlight.acquire();
        CompletableFuture<Void> f = create(members.get(g), "bench " + nonce + " g" + g).thenAccept(r -> {
          ids[group] = r[0];
          baseline[group] = r[1];
        });
        f.whenComplete((v, e) -> inFlight.release());
        pending.add(f);
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120 + groups, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      out.connections().forEach(BenchConnection::close);
      throw new IllegalStateException("group set-up failed: " + explain(e), e);
    }
    double setup = (System.nanoTime() - t0) / 1e9;
    long closed = out.connections().stream().filter(c -> !c.isOpen()).count();
    if (closed > 0) {
      out.connections().forEach(BenchConnection::close);
      throw new IllegalStateException(closed + " of " + seeded.size() + " sessions closed during the group set-up");
    }
    s.print(String.format("[%s] %d groups of %d members created in %.1f s", label, groups, membersPerGroup, setup));
    return new GroupSessions(List.copyOf(members), ids, baseline, out, setup);
  }

  /** Creates one group and fills it; completes with {group id, last seq}. */
  private static CompletableFuture<long[]> create(List<BenchConnection> members, String name) {
    BenchConnection creator = members.get(0);
    List<Long> others = members.subList(1, members.size()).stream().map(c -> c.user().id()).toList();
    List<Long> first = others.subList(0, Math.min(PER_REQUEST, others.size()));
    CompletableFuture<Long> created = creator.call(ChatProtocol.Frame.newBuilder().setCreateGroup(
        ChatProtocol.CreateGroupRequest.newBuilder().setName(name).addAllMemberIds(first)
            .setJoinPolicy(ChatProtocol.JoinPolicy.INVITE_ONLY)))
        .thenApply(f -> f.getGroupResponse().getGroup().getGroupId());
    CompletableFuture<Long> chain = created;
    for (int from = first.size(); from < others.size(); from += PER_REQUEST) {
      List<Long> chunk = others.subList(from, Math.min(from + PER_REQUEST, others.size()));
      chain = chain.thenCompose(id -> creator.call(ChatProtocol.Frame.newBuilder().setInviteToGroup(
          ChatProtocol.InviteToGroupRequest.newBuilder().setGroupId(id).addAllUserIds(chunk))).thenApply(f -> {
            int added = f.getInviteToGroupResponse().getAddedIdsCount();
            if (added != chunk.size()) {
              throw new IllegalStateException("group " + id + ": an invite of " + chunk.size() + " users added "
                  + added + " (already members: " + f.getInviteToGroupResponse().getAlreadyMemberIdsCount() + ")");
            }
            return id;
          }));
    }
    return chain.thenCompose(id -> creator.call(ChatProtocol.Frame.newBuilder().setGetGroup(
        ChatProtocol.GetGroupRequest.newBuilder().setGroupId(id))).thenApply(f -> {
          ChatProtocol.Group group = f.getGroupResponse().getGroup();
          if (group.getMemberCount() != members.size()) {
            throw new IllegalStateException("group " + id + " has " + group.getMemberCount() + " members after its "
                + "set-up, " + members.size() + " were added");
          }
          return new long[] {id, group.getLastSeq()};
        }));
  }

  private static String explain(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RequestRefused r) {
      String hint = switch (r.code()) {
        case NOT_FRIENDS -> " (start the bench server with --allow-strangers: members are not the creator's friends)";
        case GROUP_FULL -> " (start the bench server with --group-max-members at least --members)";
        case RATE_LIMITED -> " (start the bench server with --lift-group-rates: creates and invites are rate limited)";
        case NOT_ALLOWED -> " (a user is in too many groups? start the bench server with --lift-group-rates)";
        default -> "";
      };
      return "the node refused: " + r.getMessage() + hint;
    }
    return String.valueOf(t);
  }
}
