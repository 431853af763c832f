package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every load mode of the command line for a second or two against an in-process bench server
 * over loopback, with small numbers: not a speed test (tests never judge speed), but a check that
 * each mode logs its users in, moves real messages, loses and duplicates nothing (the latency run
 * syncs every recipient's mailbox to prove it), and writes its JSON result.
 */
class BenchSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  private static BenchServer server;
  private static Path seed;

  @BeforeAll
  static void startServer() {
    // strangers allowed for the group mode (its members are not the creator's friends)
    server = BenchServer.start(BenchServer.Options.inMemory(40).withGroups(true, null));
    seed = dir.resolve("seed.json");
    server.seed().write(seed);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void connectionsModeHoldsEveryUserAndReadsServerMemory() throws IOException {
    Path out = dir.resolve("connections.json");
    int exit = run("connections", "--count", "30", "--ramp", "300/s", "--hold", "1s", "--out", out.toString());

    JsonNode r = JSON.readTree(out.toFile()).path("result");
    assertThat(exit).isZero();
    assertThat(r.path("loggedIn").asInt()).isEqualTo(30);
    assertThat(r.path("connectedAfterHold").asInt()).isEqualTo(30);
    assertThat(r.path("memoryAtCount").path("heapUsedAfterGcBytes").asLong()).isPositive();
    assertThat(r.path("memoryAtCount").path("rssBytes").asLong()).isPositive();
    assertThat(r.path("loginLatency").path("count").asLong()).isEqualTo(30);
  }

  @Test
  void gateLoginConnectionsModeLogsEveryUserInWithThePasswordAndReportsRssAndCpu() throws IOException {
    Path out = dir.resolve("connections-gate.json");
    int exit = run("connections", "--gate-login", "--count", "10", "--offset", "30", "--ramp", "20/s",
        "--max-logins-in-flight", "4", "--hold", "1s", "--out", out.toString());

    JsonNode r = JSON.readTree(out.toFile()).path("result");
    JsonNode gate = r.path("gateLogin");
    assertThat(exit).isZero();
    assertThat(r.path("loggedIn").asInt()).isEqualTo(10);
    assertThat(r.path("failed").asInt()).isZero();
    assertThat(r.path("connectedAfterHold").asInt()).isEqualTo(10);
    assertThat(gate.path("afterLogins").path("rssBytes").asLong()).isPositive();
    assertThat(gate.path("afterHold").path("rssBytes").asLong()).isPositive();
    assertThat(gate.path("serverCpuPerLoginMicros").asDouble()).isPositive();
    assertThat(gate.path("hashCost").path("medianCpuMicros").asDouble()).isPositive();
    assertThat(gate.path("hashCost").path("hasher").asText()).contains("m=19456,t=2,p=1");
  }

  @Test
  void latencyModeDeliversEveryMessageOnceAndFindsEachInTheMailbox() throws IOException {
    Path out = dir.resolve("latency.json");
    int exit = run("latency", "--pairs", "5", "--rate", "400/s", "--warmup", "500ms", "--duration", "2s",
        "--audit", "all", "--out", out.toString());

    JsonNode r = JSON.readTree(out.toFile()).path("result");
    JsonNode counts = r.path("traffic").path("counts");
    assertThat(exit).isZero();
    assertThat(r.path("ok").asBoolean()).isTrue();
    assertThat(counts.path("sent").asLong()).isGreaterThan(500);
    assertThat(counts.path("acked").asLong()).isEqualTo(counts.path("sent").asLong());
    assertThat(counts.path("delivered").asLong()).isEqualTo(counts.path("sent").asLong());
    assertThat(r.path("lost").asLong()).isZero();
    assertThat(r.path("duplicated").asLong()).isZero();
    assertThat(r.path("traffic").path("audit").path("mailboxesRead").asInt()).isEqualTo(10);
    assertThat(r.path("traffic").path("audit").path("pushedNotStored").asLong()).isZero();
    assertThat(r.path("traffic").path("delivery").path("count").asLong()).isPositive();
  }

  @Test
  void loginStormThenReconnectStormAfterANodeRestartLogsEveryoneInTwice() throws IOException {
    Path out = dir.resolve("storm.json");
    int exit = run("connections", "--count", "20", "--ramp", "0", "--max-logins-in-flight", "8", "--hold", "500ms",
        "--reconnect-storm", "--reconnect-wait", "20s", "--out", out.toString());

    JsonNode r = JSON.readTree(out.toFile()).path("result");
    JsonNode again = r.path("reconnect");
    assertThat(exit).isZero();
    assertThat(r.path("loggedIn").asInt()).isEqualTo(20);
    assertThat(r.path("allLoggedInSeconds").asDouble()).isPositive();
    assertThat(r.path("refusalsByCode").size()).as("refusals %s", r.path("refusalsByCode")).isZero();
    assertThat(again.path("closedByRestart").asInt()).isEqualTo(20);
    assertThat(again.path("reconnected").asInt()).isEqualTo(20);
    assertThat(again.path("failed").asInt()).isZero();
    assertThat(again.path("allLoggedInSeconds").asDouble()).isPositive();
    assertThat(again.path("loginLatency").path("count").asLong()).isEqualTo(20);
  }

  @Test
  void latencyWithoutWarmUpReportsDeliveryPercentilesForEverySecondFromTheFirst() throws IOException {
    Path out = dir.resolve("latency-cold.json");
    int exit = run("latency", "--pairs", "4", "--rate", "200/s", "--warmup", "0", "--duration", "2s",
        "--audit", "all", "--out", out.toString());

    JsonNode r = JSON.readTree(out.toFile()).path("result");
    JsonNode seconds = r.path("traffic").path("deliveryPerSecond");
    assertThat(exit).isZero();
    assertThat(r.path("lost").asLong()).isZero();
    assertThat(r.path("duplicated").asLong()).isZero();
    assertThat(seconds.size()).isEqualTo(2);
    assertThat(seconds.get(0).path("second").asInt()).isZero();
    long binned = 0;
    for (JsonNode s : seconds) {
      assertThat(s.path("p99Us").asDouble()).isPositive();
      binned += s.path("count").asLong();
    }
    assertThat(binned).isEqualTo(r.path("traffic").path("counts").path("delivered").asLong());
    assertThat(r.path("serverUptimeAtTrafficStartSeconds").asDouble()).isPositive();
  }

  @Test
  void throughputModeStepsUpAndLosesNothing() throws IOException {
    Path out = dir.resolve("throughput.json");
    int exit = run("throughput", "--pairs", "5", "--start-rate", "200", "--step", "200", "--max-steps", "2",
        "--warmup", "300ms", "--duration", "1s", "--out", out.toString());

    JsonNode r = JSON.readTree(out.toFile()).path("result");
    assertThat(exit).isZero();
    assertThat(r.path("steps").size()).isBetween(1, 2);
    assertThat(r.path("steps").get(0).path("traffic").path("counts").path("delivered").asLong()).isPositive();
    assertThat(r.path("lost").asLong()).isZero();
    assertThat(r.path("duplicated").asLong()).isZero();
  }

  @Test
  void groupModePushesEveryMessageToEveryOtherMemberOnceAndFindsItInTheGroupsLog() throws IOException {
    Path out = dir.resolve("group.json");
    int exit = run("group", "--groups", "2", "--members", "4", "--rate", "100/s", "--warmup", "500ms",
        "--duration", "2s", "--audit", "all", "--out", out.toString());

    JsonNode r = JSON.readTree(out.toFile()).path("result");
    JsonNode counts = r.path("counts");
    assertThat(exit).isZero();
    assertThat(r.path("ok").asBoolean()).isTrue();
    assertThat(r.path("sessions").asInt()).isEqualTo(8);
    assertThat(counts.path("acked").asLong()).isEqualTo(counts.path("sent").asLong()).isGreaterThan(200);
    assertThat(counts.path("pushes").asLong()).isEqualTo(3 * counts.path("acked").asLong());
    assertThat(counts.path("misrouted").asLong()).isZero();
    assertThat(r.path("missingPushes").asLong()).isZero();
    assertThat(r.path("lostPushes").asLong()).isZero();
    assertThat(r.path("duplicatedPushes").asLong()).isZero();
    assertThat(r.path("seqCheck").path("gaps").asLong()).isZero();
    assertThat(r.path("audit").path("groupsRead").asInt()).isEqualTo(2);
    assertThat(r.path("audit").path("entriesRead").asLong()).isEqualTo(counts.path("acked").asLong());
    assertThat(r.path("delivery").path("count").asLong()).isPositive();
  }

  @Test
  void groupModeRefusesAServerThatDoesNotAllowStrangers() throws IOException {
    SeedFile strict = SeedFile.read(seed);
    Path file = dir.resolve("seed-strict.json");
    new SeedFile(strict.chatHost(), strict.chatPort(), strict.gateUrl(), strict.controlUrl(), strict.serverPid(),
        strict.backend(), strict.password(), strict.users(), null, null, null, strict.loginPolicy(),
        strict.maxSessionsPerUser(), false, strict.groupMaxMembers()).write(file);

    int exit = ParleyBench.commandLine().execute("group", "--groups", "1", "--members", "3", "--seed", file.toString());

    assertThat(exit).isEqualTo(2);
  }

  @Test
  void helpDocumentsEveryMode() {
    java.io.StringWriter text = new java.io.StringWriter();
    ParleyBench.commandLine().setOut(new java.io.PrintWriter(text)).execute("--help");
    assertThat(text.toString()).contains("server", "connections", "latency", "throughput", "group", "jmh");
  }

  private static int run(String... args) {
    String[] withSeed = new String[args.length + 2];
    System.arraycopy(args, 0, withSeed, 0, args.length);
    withSeed[args.length] = "--seed";
    withSeed[args.length + 1] = seed.toString();
    return ParleyBench.commandLine().execute(withSeed);
  }
}
