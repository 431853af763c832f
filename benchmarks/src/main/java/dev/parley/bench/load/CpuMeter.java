package dev.parley.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the processes a run is charged to (the server, and the MariaDB and Redis it uses)
 * over a measured window, from {@code /proc/<pid>/stat} (user + system, clock ticks of 10 ms).
 * Read at the window's start and end; {@link #results} divides by the messages delivered.
 * Not thread-safe: {@link #start} and {@link #stop} from one thread each, in that order.
 */
public final class CpuMeter {
  /** A process to charge, by label ("server", "mariadb", "redis", or given). */
  public record Target(String label, long pid) {}

  /** One process's CPU over the window: seconds, cores and microseconds per delivered message. */
  public record Usage(String label, long pid, double cpuSeconds, double cores, double microsPerDelivered) {}

  private static final double TICK_SECONDS = 0.01; // USER_HZ is 100 on Linux

  private final List<Target> targets;
  private long[] startTicks;
  private long startNanos;
  private long[] stopTicks;
  private long stopNanos;

  public CpuMeter(List<Target> targets) {
    this.targets = List.copyOf(targets);
  }

  public void start() {
    startNanos = System.nanoTime();
    startTicks = read();
  }

  public void stop() {
    stopNanos = System.nanoTime();
    stopTicks = read();
  }

  /** Usage per target; empty before {@link #stop}, and for a process that could not be read. */
  public List<Usage> results(long delivered) {
    List<Usage> out = new ArrayList<>();
    if (startTicks == null || stopTicks == null) {
      return out;
    }
    double seconds = (stopNanos - startNanos) / 1e9;
    for (int i = 0; i < targets.size(); i++) {
      if (startTicks[i] < 0 || stopTicks[i] < 0) {
        continue;
      }
      double cpu = (stopTicks[i] - startTicks[i]) * TICK_SECONDS;
      out.add(new Usage(targets.get(i).label(), targets.get(i).pid(), cpu, seconds > 0 ? cpu / seconds : 0,
          delivered > 0 ? cpu * 1e6 / delivered : -1));
    }
    return out;
  }

  private long[] read() {
    long[] ticks = new long[targets.size()];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = ticks(targets.get(i).pid());
    }
    return ticks;
  }

  /** utime + stime of {@code pid} in clock ticks, or -1. */
  static long ticks(long pid) {
    try {
      return ticksOfStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return -1;
    }
  }

  /** utime + stime of one {@code /proc/.../stat} line in clock ticks, or -1 when it cannot be parsed. */
  static long ticksOfStat(String stat) {
    try {
      // Fields after the command (which may hold spaces) start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * The default targets: the server (when its pid is known) and, when exactly one runs on this
   * machine, the MariaDB/MySQL server listening on port 3306 and the Redis server on 6379
   * (test-owned servers on other ports are left out). {@code extra} ("label=pid") adds or
   * replaces targets.
   */
  public static List<Target> defaults(long serverPid, List<String> extra) {
    Map<String, Long> byLabel = new LinkedHashMap<>();
    if (serverPid > 0) {
      byLabel.put("server", serverPid);
    }
    single("mariadbd", "mysqld", "3306").ifPresent(p -> byLabel.put("mariadb", p));
    single("redis-server", "redis-server", "6379").ifPresent(p -> byLabel.put("redis", p));
    for (String e : extra) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--cpu-pid takes label=pid, was " + e);
      }
      byLabel.put(e.substring(0, eq), Long.parseLong(e.substring(eq + 1)));
    }
    List<Target> out = new ArrayList<>();
    byLabel.forEach((label, pid) -> out.add(new Target(label, pid)));
    return out;
  }

  // The one process named `comm` or `alt` that either names `port` on its command line or names no
  // port at all (the shared instance runs on the default port; tests' own instances pass --port).
  private static Optional<Long> single(String comm, String alt, String port) {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          String name = Files.readString(p.resolve("comm"), StandardCharsets.US_ASCII).strip();
          if (!name.equals(comm) && !name.equals(alt)) {
            return;
          }
          String cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
          boolean namesPort = cmd.contains("--port") || cmd.matches(".*:\\d+.*");
          if (!namesPort || cmd.contains(port)) {
            found.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // gone, or not ours to read
        }
      });
    } catch (IOException e) {
      return Optional.empty();
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
