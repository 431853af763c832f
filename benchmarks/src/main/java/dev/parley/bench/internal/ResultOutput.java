package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a mode's result as JSON (with the machine it ran on) and prints its human summary.
 * Stateless.
 */
public final class ResultOutput {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultOutput() {}

  /** Prints {@code summary} and, when {@code out} is set, writes {@code result} there as JSON. */
  public static void emit(Object result, List<String> summary, Path out, Consumer<String> printer) {
    summary.forEach(printer);
    if (out == null) {
      return;
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("finishedAt", Instant.now().toString());
    doc.put("machine", machine());
    doc.put("result", result);
    try {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      JSON.writeValue(out.toFile(), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    printer.accept("result written to " + out);
  }

  /** Cores, memory, OS and Java of this machine. */
  public static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    return m;
  }
}
