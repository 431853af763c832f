package dev.parley.bench.jmh;

import dev.parley.bench.internal.ExternalBackends;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the given command-line options, after one check JMH cannot make itself: when
 * MySQL or Redis is unreachable and the user did not pick a backend, the end-to-end benchmark's
 * {@code mysql-redis} parameter is dropped with a message instead of failing in its setup.
 */
public final class JmhMain {
  private static final List<String> PASS_THROUGH = List.of("-h", "-l", "-lp", "-lrf", "-lprof", "-help");

  private JmhMain() {}

  /** Returns 0 when the run completed, 1 when it failed, 2 for bad options. */
  public static int run(String[] args) throws RunnerException {
    if (Arrays.stream(args).anyMatch(PASS_THROUGH::contains)) {
      try {
        org.openjdk.jmh.Main.main(args);
        return 0;
      } catch (Exception e) {
        System.err.println(e.getMessage());
        return 1;
      }
    }
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing JMH options: " + e.getMessage());
      return 2;
    }
    OptionsBuilder options = new OptionsBuilder();
    options.parent(cli);
    if (cli.getParameter("backend").hasValue() == false) {
      Optional<String> problem = ExternalBackends.reachable();
      if (problem.isPresent()) {
        System.out.println("Skipping EndToEndLatencyBenchmark backend=mysql-redis: " + problem.get());
        options.param("backend", "memory");
      }
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    return results.isEmpty() ? 1 : 0;
  }
}
