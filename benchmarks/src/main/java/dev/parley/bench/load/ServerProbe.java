package dev.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.internal.ProcessLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's memory: heap used right after a full GC, and resident set size. Two ways,
 * whichever the server allows:
 * <ul>
 *   <li>a bench server's control endpoint ({@code GET <controlUrl>/memory?gc=true}): the server
 *       runs {@code System.gc()} and answers its {@code MemoryMXBean} heap use and its VmRSS;</li>
 *   <li>any JVM by pid ({@code --server-pid}): {@code jcmd <pid> GC.run}, then the "used" of
 *       {@code jcmd <pid> GC.heap_info}, and VmRSS from {@code /proc/<pid>/status}.</li>
 * </ul>
 * Thread-safe; each call blocks for the GC (typically well under a second).
 */
public final class ServerProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final String controlUrl;
  private final long pid;
  private final long cpuPid;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @param controlUrl a bench server's control URL, or null; @param pid the server's pid, or 0 */
  public ServerProbe(String controlUrl, long pid) {
    this(controlUrl, pid, pid);
  }

  /**
   * @param controlUrl a bench server's control URL, or null
   * @param pid the server's pid for jcmd readings when there is no control URL, or 0
   * @param cpuPid the server's pid for {@link #cpuNanos} and {@link #resident} from /proc, or 0
   */
  public ServerProbe(String controlUrl, long pid, long cpuPid) {
    this.controlUrl = controlUrl;
    this.pid = pid;
    this.cpuPid = cpuPid;
  }

  /** A reading without any forced GC: what the process holds right now. Negative means unknown. */
  public record Resident(long rssBytes, long heapUsedBytes, long heapCommittedBytes, String method) {}

  /**
   * The server's RSS now (and, from a bench server's control endpoint, heap used and committed),
   * without forcing a GC.
   */
  public Resident resident() {
    if (controlUrl != null && !controlUrl.isBlank()) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controlUrl + "/memory"))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        return new Resident(n.path("rssBytes").asLong(-1), n.path("heapUsedBytes").asLong(-1),
            n.path("heapCommittedBytes").asLong(-1), "bench server control endpoint, no GC: VmRSS, MemoryMXBean heap");
      } catch (IOException e) {
        return new Resident(-1, -1, -1, "failed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Resident(-1, -1, -1, "interrupted");
      }
    }
    long p = cpuPid();
    long rss = p > 0 ? ProcessLimits.residentBytes(Long.toString(p)).orElse(-1) : -1;
    return new Resident(rss, -1, -1, "/proc/" + p + "/status VmRSS, no GC");
  }

  /**
   * One Argon2 verify's CPU measured inside the server ({@code GET /hash-cost} of the bench server's
   * control endpoint), labelled "in the server"; empty without a control URL or when the call fails.
   */
  public Optional<HashCost.Verify> hashCost() {
    if (controlUrl == null || controlUrl.isBlank()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controlUrl + "/hash-cost"))
          .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
      JsonNode n = JSON.readTree(r.body());
      JsonNode s = n.path("samplesCpuMicros");
      double[] samples = new double[s.size()];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = s.get(i).asDouble();
      }
      return r.statusCode() == 200 && samples.length > 0
          ? Optional.of(new HashCost.Verify(n.path("hasher").asText() + ", measured in the server",
              n.path("medianCpuMicros").asDouble(), samples))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The pid whose CPU is read, or 0 when unknown. */
  public long cpuPid() {
    return cpuPid > 0 ? cpuPid : pid;
  }

  /** The server process's user + system CPU time so far in nanoseconds (10 ms resolution), or -1. */
  public long cpuNanos() {
    long p = cpuPid();
    if (p <= 0) {
      return -1;
    }
    return ProcessHandle.of(p).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
  }

  /** One reading. {@code method} says how it was taken; negative numbers mean "unknown". */
  public record Memory(long heapUsedAfterGcBytes, long rssBytes, String method) {
    static final Memory UNKNOWN = new Memory(-1, -1, "unavailable (no control URL and no --server-pid)");
  }

  /** Forces a full GC in the server and reads its heap and RSS. */
  public Memory afterGc() {
    try {
      if (controlUrl != null && !controlUrl.isBlank()) {
        return viaControl();
      }
      if (pid > 0) {
        return viaJcmd();
      }
    } catch (IOException e) {
      return new Memory(-1, -1, "failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Memory(-1, -1, "interrupted");
    }
    return Memory.UNKNOWN;
  }

  private Memory viaControl() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controlUrl + "/memory?gc=true"))
        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("control endpoint answered " + r.statusCode() + ": " + r.body());
    }
    JsonNode n = JSON.readTree(r.body());
    return new Memory(n.path("heapUsedBytes").asLong(-1), n.path("rssBytes").asLong(-1),
        "bench server control endpoint: System.gc(), then MemoryMXBean heap used; VmRSS");
  }

  private Memory viaJcmd() throws IOException, InterruptedException {
    run("jcmd", Long.toString(pid), "GC.run");
    String info = run("jcmd", Long.toString(pid), "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    long heap = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    long rss = ProcessLimits.residentBytes(Long.toString(pid)).orElse(-1);
    return new Memory(heap, rss, "jcmd GC.run, then GC.heap_info used; /proc/" + pid + "/status VmRSS");
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
    return out;
  }
}
