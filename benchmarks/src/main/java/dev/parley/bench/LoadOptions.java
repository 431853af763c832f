package dev.parley.bench;

import dev.parley.bench.internal.BenchTls;
import dev.parley.bench.internal.CliValues;
import dev.parley.bench.internal.GateLogin;
import dev.parley.bench.load.CpuMeter;
import dev.parley.bench.load.LoadSettings;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every load mode shares (a picocli mixin). Not thread-safe; filled by picocli. */
public final class LoadOptions {
  static final String DEFAULT_SEED = "/tmp/parley-bench-seed.json";

  @Option(names = "--seed", paramLabel = "FILE", defaultValue = DEFAULT_SEED,
      description = "Seed file written by `parley-bench server` (default: ${DEFAULT-VALUE}).")
  Path seed;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the result as JSON to FILE.")
  Path out;

  @Option(names = "--threads", defaultValue = "0",
      description = "Client event loops; 0 = Netty's default, twice the cores (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--source-addresses", defaultValue = "8", paramLabel = "N",
      description = "Rotate connections over source addresses 127.0.0.1..127.0.0.N when the server is on "
          + "loopback, so one address's ephemeral port range is not the limit (default: ${DEFAULT-VALUE}).")
  int sourceAddresses;

  @Option(names = "--login-rate", defaultValue = "2000", converter = CliValues.Amount.class, paramLabel = "R/s",
      description = "Logins per second when a messaging mode sets up its sessions (default: ${DEFAULT-VALUE}).")
  double loginRate;

  @Option(names = "--max-logins-in-flight", defaultValue = "1000",
      description = "Logins outstanding at once (default: ${DEFAULT-VALUE}).")
  int maxLoginsInFlight;

  @Option(names = "--progress", defaultValue = "5", converter = CliValues.Seconds.class, paramLabel = "D",
      description = "Time between progress lines (default: ${DEFAULT-VALUE} s).")
  double progressSeconds;

  @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
      description = "Server pid for memory readings (jcmd GC.run + GC.heap_info, /proc/PID/status) when the "
          + "seed file has no control URL, e.g. for bin/parley-server (default: the seed file's).")
  long serverPid;

  @Option(names = "--gate",
      description = "Log the users in through the gate (POST /api/v1/sessions, password check included) for fresh "
          + "tokens before the run, instead of using the seed file's pre-issued tokens; for small counts.")
  boolean viaGate;

  @Option(names = "--nodes", paramLabel = "FILE",
      description = "Also spread connections over the extra chat nodes listed in FILE (one host:port a line, as "
          + "`parley-bench node` appends them); user i goes to node i mod the number of nodes.")
  Path nodes;

  @Option(names = "--cpu-pid", paramLabel = "LABEL=PID",
      description = "Also charge this process's CPU over the measured window to the messages (repeatable). By "
          + "default the server (seed file's pid) and the MariaDB on 3306 and Redis on 6379 when one of each runs.")
  List<String> cpuPids = new ArrayList<>();

  @Option(names = "--tls",
      description = "Speak TLS to the chat node(s) (a bench server started with --tls / --tls-engine), trusting --tls-ca "
          + "or the CA file the seed file names; OpenSSL engine on this side when netty-tcnative loads.")
  boolean tls;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "With --tls: the PEM CA certificate to trust (default: the seed file's tlsCaFile).")
  Path tlsCa;

  private SslContext clientTls(SeedFile s) {
    if (!tls) {
      if (s.tlsCaFile() != null) {
        throw new IllegalArgumentException("the seed file's chat port speaks TLS (CA " + s.tlsCaFile() + "): add --tls");
      }
      return null;
    }
    Path ca = tlsCa != null ? tlsCa : s.tlsCaFile() != null ? Path.of(s.tlsCaFile()) : null;
    if (ca == null) {
      throw new IllegalArgumentException("--tls needs --tls-ca FILE: the seed file names no CA (server without --tls?)");
    }
    System.out.printf("[tls] client engine %s, trusting %s%n", BenchTls.clientEngine(), ca);
    return BenchTls.clientContext(ca);
  }

  /** Reads the seed file (and, with --gate, logs the first {@code usersNeeded} users in through the gate). */
  private List<InetSocketAddress> chatNodes(SeedFile s) {
    List<InetSocketAddress> out = new ArrayList<>();
    out.add(new InetSocketAddress(s.chatHost(), s.chatPort()));
    if (nodes != null) {
      try {
        for (String line : Files.readAllLines(nodes)) {
          String l = line.strip();
          if (!l.isEmpty()) {
            int colon = l.lastIndexOf(':');
            out.add(new InetSocketAddress(l.substring(0, colon), Integer.parseInt(l.substring(colon + 1))));
          }
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read --nodes " + nodes + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  LoadSettings settings(int usersNeeded) {
    SeedFile s = SeedFile.read(seed);
    if (viaGate) {
      GateLogin.Outcome g = GateLogin.loginFirst(s, usersNeeded);
      System.out.printf("[gate] %d users logged in through %s at %.0f/s%n", Math.min(usersNeeded, s.users().size()),
          s.gateUrl(), g.loginsPerSecond());
      s = g.seed();
    }
    long pid = serverPid > 0 ? serverPid : (s.controlUrl() == null ? s.serverPid() : 0);
    return new LoadSettings(s, chatNodes(s), threads, sourceAddresses, loginRate, maxLoginsInFlight, out,
        Math.max(1, Math.round(progressSeconds)), pid, CpuMeter.defaults(pid > 0 ? pid : s.serverPid(), cpuPids), line -> {
          System.out.println(line);
          System.out.flush();
        }, clientTls(s));
  }
}
