package dev.parley.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads this process's limits and memory from {@code /proc} (Linux). The JVM already raises its
 * soft file-descriptor limit to the hard one at start ({@code -XX:+MaxFDLimit}, the default on
 * Linux), and {@code bin/parley-bench} runs {@code ulimit -n $(ulimit -Hn)} first; no process can
 * go past the hard limit, so the load generator only reports it and warns. Stateless.
 */
public final class ProcessLimits {
  private ProcessLimits() {}

  /** The soft "Max open files" of {@code pid} ("self" for this one), if readable. */
  public static OptionalLong maxOpenFiles(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "limits"))) {
        if (line.startsWith("Max open files")) {
          String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
          return parts[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(parts[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone: the caller goes without
    }
    return OptionalLong.empty();
  }

  /** The resident set size of {@code pid} ("self" for this one) in bytes (VmRSS), if readable. */
  public static OptionalLong residentBytes(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // as above
    }
    return OptionalLong.empty();
  }
}
