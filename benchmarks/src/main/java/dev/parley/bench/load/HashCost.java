package dev.parley.bench.load;

import dev.parley.core.crypto.Argon2PasswordHasher;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU one password verify costs at the production Argon2id cost
 * ({@link Argon2PasswordHasher#defaults()}), measured in this JVM on one thread: a few warm-up
 * verifies, then the median thread CPU time of {@code samples} verifies. This is the hash's own
 * cost, which the gate-login connections run subtracts from the server's CPU per login. It leaves
 * out the collector's work on the hash's garbage, which shows in the server's figure instead.
 *
 * <p>Stateless; call from one thread.
 */
public final class HashCost {
  private static final int WARMUP = 3;
  /** Verifies measured per reading, after the warm-up ones (in the generator and in the server). */
  public static final int SAMPLES = 9;

  private HashCost() {}

  /** The measurement: median and each sample's thread CPU in microseconds. */
  public record Verify(String hasher, double medianCpuMicros, double[] samplesCpuMicros) {}

  public static Verify measure(int samples) {
    Argon2PasswordHasher hasher = Argon2PasswordHasher.defaults();
    String hash = hasher.hash("bench-hash-cost");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < WARMUP; i++) {
      check(hasher.verify("bench-hash-cost", hash));
    }
    double[] micros = new double[samples];
    for (int i = 0; i < samples; i++) {
      long t0 = threads.getCurrentThreadCpuTime();
      check(hasher.verify("bench-hash-cost", hash));
      micros[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e3;
    }
    double[] sorted = micros.clone();
    Arrays.sort(sorted);
    return new Verify(hasher.toString(), sorted[sorted.length / 2], micros);
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("Argon2 verify of its own hash failed");
    }
  }
}
