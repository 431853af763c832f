package dev.parley.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run shape every Parley JMH benchmark shares, so their numbers are comparable: one fork
 * (the machine has two cores; more forks only queue), three 2 s warm-up iterations, five 2 s
 * measured iterations, results in microseconds. JMH reads these annotations through the class
 * hierarchy; a benchmark class extends this one and adds only its mode. Command-line options
 * ({@code -f -wi -i -w -r -tu}) still override them.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public abstract class BenchmarkDefaults {
  protected BenchmarkDefaults() {}
}
