package dev.parley.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A process's CPU time per thread group, from {@code /proc/<pid>/task/<tid>/stat} (user + system,
 * 10 ms ticks): threads are grouped by name with trailing digits and {@code #n} removed
 * ({@code parley-gate-worker-3} and {@code -7} are one group; Linux keeps 15 characters of a
 * name). Threads that ended between two readings take their CPU with them, so the groups can sum
 * to less than the process. Stateless.
 */
public final class ThreadCpu {
  private ThreadCpu() {}

  /** Ticks per thread group of {@code pid} now; empty when /proc cannot be read. */
  public static Map<String, Long> ticksByGroup(long pid) {
    Map<String, Long> out = new HashMap<>();
    if (pid <= 0) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(t -> {
        try {
          String name = Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).strip()
              .replaceAll("#?\\d+$", "").replaceAll("[-_ ]+$", "");
          long ticks = CpuMeter.ticksOfStat(Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII));
          if (ticks >= 0) {
            out.merge(name, ticks, Long::sum);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended while being read
        }
      });
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /**
   * Microseconds of CPU per {@code units} of each group between two readings, largest first, the
   * groups below 1 % of the total left out.
   */
  public static Map<String, Double> perUnitMicros(Map<String, Long> before, Map<String, Long> after, long units) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (units <= 0) {
      return out;
    }
    Map<String, Long> delta = new HashMap<>();
    after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
    long total = delta.values().stream().mapToLong(Long::longValue).filter(v -> v > 0).sum();
    delta.entrySet().stream().filter(e -> e.getValue() > 0 && e.getValue() * 100 >= total)
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> out.put(e.getKey(), e.getValue() * 10_000.0 / units));
    return out;
  }
}
