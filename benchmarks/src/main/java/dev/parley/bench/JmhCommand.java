package dev.parley.bench;

import dev.parley.bench.jmh.JmhMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code parley-bench jmh [JMH options]}: the JMH benchmarks of this jar. */
@Command(name = "jmh",
    description = {
        "Run the JMH benchmarks (codec, in-JVM send path, end-to-end latency).",
        "",
        "All JMH options pass through, e.g. `jmh FrameCodec`, `jmh -l`, `jmh -h`,",
        "`jmh EndToEnd -p backend=memory -prof gc`):",
        "  FrameCodecBenchmark      varint32 + Frame encode/decode of SendMessage and MessageEvent (avgt)",
        "  SendPathBenchmark        MessageService.send -> InMemoryMessageStore -> router push frame (avgt)",
        "  EndToEndLatencyBenchmark SendMessage until the recipient's MessageEvent over loopback TCP through",
        "                           a real all-in-one server (sample time); backend=memory|mysql-redis",
        "Shared settings (BenchmarkDefaults): 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement, microseconds.",
        "When MySQL or Redis is unreachable the mysql-redis parameter is skipped with a message."})
public final class JmhCommand implements Callable<Integer> {
  @Unmatched
  List<String> jmhArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    return JmhMain.run(jmhArgs.toArray(String[]::new));
  }
}
