package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A launcher given a port that is taken or a {@code --host} that is not this machine's says so in
 * one line and exits 1, before it connects to Redis or MySQL (none is reachable here: the Redis
 * and database options point at a closed port, so a launcher that got further would fail
 * differently).
 */
class LauncherStartupErrorTest {
  private static final List<String> NO_BACKENDS = List.of("--redis", "redis://127.0.0.1:1",
      "--jdbc-url", "jdbc:mysql://127.0.0.1:1/none", "--startup-wait", "1s");
  private ServerSocket taken;

  @BeforeEach
  void takeAPort() throws IOException {
    taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void releaseIt() throws IOException {
    taken.close();
  }

  static Stream<Arguments> launchers() {
    return Stream.of(
        Arguments.of("status --port", (Supplier<Object>) StatusMain::new, "--port", List.of("--health-port", "0")),
        Arguments.of("status --health-port", (Supplier<Object>) StatusMain::new, "--health-port", List.of("--port", "0")),
        Arguments.of("verify --health-port", (Supplier<Object>) VerifyMain::new, "--health-port", List.of("--port", "0")),
        Arguments.of("gate --port", (Supplier<Object>) GateMain::new, "--port", List.of()),
        Arguments.of("chat --internal-port", (Supplier<Object>) ChatNodeMain::new, "--internal-port",
            List.of("--port", "0", "--health-port", "0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("launchers")
  void aTakenPortIsOneLineAndExitStatusOne(String name, Supplier<Object> launcher, String portOption,
      List<String> otherPorts) {
    List<String> args = args("127.0.0.1", otherPorts, portOption, Integer.toString(taken.getLocalPort()));

    Result r = runInProcess(launcher.get(), args);

    assertThat(r.err).isEqualTo("error: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use\n");
    assertThat(r.status).isEqualTo(1);
  }

  @Test
  void twoOptionsNamingTheSamePortAreCaughtBeforeAnythingBinds() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    Result r = runInProcess(new ChatNodeMain(), args("127.0.0.1", List.of("--internal-port", "0"),
        "--port", Integer.toString(port), "--health-port", Integer.toString(port)));

    assertThat(r.err).isEqualTo("error: port " + port + " on 127.0.0.1 is already in use\n");
    assertThat(r.status).isEqualTo(1);
  }

  @Test
  void aHostThatIsNotThisMachinesIsOneLine() {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): a valid address no machine here has.
    Result r = runInProcess(new StatusMain(), args("192.0.2.1", List.of("--port", "0", "--health-port", "0")));

    assertThat(r.err).startsWith("error: --host 192.0.2.1 is not an address of this machine (")
        .endsWith(")\n").hasLineCount(1);
    assertThat(r.status).isEqualTo(1);
  }

  @Test
  void aHostNameThatDoesNotResolveIsOneLine() {
    Result r = runInProcess(new GateMain(), args("no-such-host.invalid", List.of("--port", "0")));

    assertThat(r.err).isEqualTo("error: --host no-such-host.invalid is not a known host name or address\n");
    assertThat(r.status).isEqualTo(1);
  }

  @Test
  void aClientFacingPortOnANonLoopbackHostNeedsTlsOrAnExplicitPlaintext() {
    Result gate = runInProcess(new GateMain(), args("0.0.0.0", List.of("--port", "0")));
    Result chat = runInProcess(new ChatNodeMain(), args("0.0.0.0", List.of("--internal-port", "0",
        "--health-port", "0"), "--port", "0"));

    assertThat(gate.err).isEqualTo("error: --host 0.0.0.0 is not a loopback address and the gate port has no TLS: "
        + "pass --tls-cert and --tls-key, or --plaintext to serve plaintext on purpose\n");
    assertThat(chat.err).startsWith("error: --host 0.0.0.0 is not a loopback address and the chat port has no TLS")
        .contains("--plaintext");
    assertThat(gate.status).isEqualTo(1);
    assertThat(chat.status).isEqualTo(1);
  }

  @Test
  void theClusterTlsFlagsGoTogether() {
    Result r = runInProcess(new StatusMain(), args("127.0.0.1", List.of("--port", "0", "--health-port", "0"),
        "--cluster-ca", "cluster-ca.pem"));

    assertThat(r.err).isEqualTo("error: --cluster-tls-cert, --cluster-tls-key and --cluster-ca go together\n");
    assertThat(r.status).isEqualTo(1);
  }

  @Test
  void theLauncherProcessPrintsOnlyThatLineOnStderrAndExitsOne() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), StatusMain.class.getName()));
    command.addAll(args("127.0.0.1", List.of("--health-port", "0"), "--port", Integer.toString(taken.getLocalPort())));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    Process p = builder.start();

    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(err).isEqualTo("error: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use\n");
    assertThat(p.exitValue()).isEqualTo(1);
  }

  private static List<String> args(String host, List<String> otherPorts, String... more) {
    List<String> args = new ArrayList<>(List.of("--host", host));
    args.addAll(otherPorts);
    args.addAll(List.of(more));
    return args;
  }

  private record Result(int status, String err) {}

  private static Result runInProcess(Object launcher, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(NO_BACKENDS.subList(0, launcher instanceof StatusMain || launcher instanceof VerifyMain ? 2 : 6));
    StringWriter err = new StringWriter();
    int status = RoleProcess.execute(launcher, all.toArray(String[]::new), new PrintWriter(err, true));
    return new Result(status, err.toString());
  }
}
