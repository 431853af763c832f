package dev.parley.bench;

import dev.parley.bench.internal.CliValues;
import dev.parley.bench.internal.ProcessLimits;
import dev.parley.bench.internal.ResultOutput;
import dev.parley.bench.load.GroupRun;
import dev.parley.bench.load.LoadSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code parley-bench group}: fixed-rate open-loop group messaging, G groups of S members (issue 14). */
@Command(name = "group", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Fixed-rate open-loop group messaging: G groups of S members; push latency, lost and duplicated pushes.",
        "",
        "Logs in the first G x S seeded users (one session each), group g holding users g*S..(g+1)*S-1. Each",
        "group's first member creates it over the protocol (CreateGroup naming up to 100 members, InviteToGroup for",
        "the rest), so the bench server must allow it: start it with --allow-strangers (members are not friends),",
        "--group-max-members at least S, and --lift-group-rates when runs repeat. Then SendGroupMessage at a fixed",
        "total rate M (open loop, round-robin over the groups, each from a random member). Every member but the",
        "sending session must get every message exactly once (S-1 pushes per message), checked per (message,",
        "member); delivery latency runs from the intended send time to each GroupMessageEvent, ack latency to the",
        "GroupSendAck (coordinated omission corrected). After the drain, the logs of groups with a missing push are",
        "read back with SyncGroup (--audit all: every group) through a member that missed it: stored-not-pushed,",
        "lost, stored twice, log gaps. Acked seqs must be gap-free per group, pushes rise per member, ack and push",
        "seqs agree. Reports accepted msg/s, pushes/s, the CPU of the server (and MariaDB, Redis, this generator)",
        "per push and per message."})
public final class GroupCommand implements Callable<Integer> {
  @Mixin
  LoadOptions load;

  @Option(names = "--groups", defaultValue = "1", description = "Groups (default: ${DEFAULT-VALUE}).")
  int groups;

  @Option(names = "--members", defaultValue = "500", description = "Members per group, owner included (default: ${DEFAULT-VALUE}).")
  int members;

  @Option(names = "--rate", defaultValue = "100", converter = CliValues.Amount.class, paramLabel = "M/s",
      description = "Total group messages per second, over all groups (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "20s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Measured time (default: ${DEFAULT-VALUE}).")
  double duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Traffic at the same rate before measuring (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--drain", defaultValue = "10s", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Longest wait for outstanding acks and pushes after sending stops (default: ${DEFAULT-VALUE}).")
  double drain;

  @Option(names = "--text-size", defaultValue = "64", description = "Message text length (default: ${DEFAULT-VALUE}).")
  int textSize;

  @Option(names = "--audit", defaultValue = "missing",
      description = "missing: read the logs of groups with a missing push; all: every group's; none (default: ${DEFAULT-VALUE}).")
  String audit;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (groups < 1 || members < 2) {
      throw new ParameterException(spec.commandLine(), "--groups must be at least 1 and --members at least 2");
    }
    if (!audit.equals("missing") && !audit.equals("all") && !audit.equals("none")) {
      throw new ParameterException(spec.commandLine(), "--audit must be missing, all or none, was " + audit);
    }
    long connections = (long) groups * members;
    long files = ProcessLimits.maxOpenFiles("self").orElse(Long.MAX_VALUE);
    if (connections + LatencyCommand.RESERVED_FILES > files) {
      throw new ParameterException(spec.commandLine(), String.format("--groups %d x --members %d = %d connections, "
          + "more than this process's open-files limit of %d allows (%d kept for the JVM)", groups, members,
          connections, files, LatencyCommand.RESERVED_FILES));
    }
    LoadSettings s = load.settings((int) connections);
    if (s.seed().groupMaxMembers() > 0 && members > s.seed().groupMaxMembers()) {
      throw new ParameterException(spec.commandLine(), String.format("--members %d, but the server's groups hold at "
          + "most %d members: start the bench server with --group-max-members %d", members,
          s.seed().groupMaxMembers(), members));
    }
    if (!s.seed().allowStrangers()) {
      throw new ParameterException(spec.commandLine(), "the bench server does not allow strangers (its seed file "
          + "says so, or is older than the group mode), and the members of a group are not the creator's friends: "
          + "start it with --allow-strangers");
    }
    GroupRun.Result r = new GroupRun(s).run(new GroupRun.Options(groups, members, rate, warmup, duration, drain,
        textSize, audit));
    ResultOutput.emit(r, GroupRun.summary(r), s.out(), s::print);
    return r.ok() ? 0 : 1;
  }
}
