package dev.parley.bench.load;

import dev.parley.bench.SeedFile;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every load mode shares: the seed file it reads, the client event loops and source
 * addresses, the login ramp for setting up sessions, where the JSON result goes and how progress
 * is printed. Immutable.
 *
 * @param chatNodes the chat nodes to spread connections over (user slot i goes to node i % size)
 * @param threads client event loops (0: Netty's default, twice the cores)
 * @param sourceAddresses 127.0.0.x source addresses to rotate through on a loopback server
 * @param loginRate logins per second when a mode sets up its sessions
 * @param maxLoginsInFlight logins outstanding at once
 * @param out the JSON result file, or null for none
 * @param progressSeconds seconds between progress lines
 * @param serverPid the server's pid for memory readings when the seed has no control URL (0: none)
 * @param cpuTargets the processes whose CPU the messaging modes charge to the delivered messages
 * @param tls the client TLS context for a TLS chat port, or null for plaintext
 */
public record LoadSettings(SeedFile seed, List<InetSocketAddress> chatNodes, int threads, int sourceAddresses, double loginRate, int maxLoginsInFlight,
    Path out, long progressSeconds, long serverPid, List<CpuMeter.Target> cpuTargets, Consumer<String> printer,
    SslContext tls) {

  /** Plaintext settings. */
  public LoadSettings(SeedFile seed, List<InetSocketAddress> chatNodes, int threads, int sourceAddresses, double loginRate,
      int maxLoginsInFlight, Path out, long progressSeconds, long serverPid, List<CpuMeter.Target> cpuTargets,
      Consumer<String> printer) {
    this(seed, chatNodes, threads, sourceAddresses, loginRate, maxLoginsInFlight, out, progressSeconds, serverPid,
        cpuTargets, printer, null);
  }

  public ClientFleet newFleet() {
    return new ClientFleet(chatNodes, threads, sourceAddresses, tls);
  }

  public ServerProbe probe() {
    return new ServerProbe(seed.controlUrl(), serverPid > 0 ? serverPid : 0, serverPid > 0 ? serverPid : seed.serverPid());
  }

  public void print(String line) {
    printer.accept(line);
  }
}
