package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load modes over TLS, for each server engine: a bench server whose chat port speaks TLS with
 * the certificate it made at start, and load clients that trust its CA from the seed file. Not a
 * speed test: it checks that every user logs in over TLS and stays connected, that messages arrive
 * once each, and that a plaintext client is told to add {@code --tls} instead of hanging.
 */
class BenchTlsSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = TlsSettings.Engine.class, names = {"OPENSSL", "JDK"})
  void connectionsAndLatencyRunOverTlsAndAPlaintextClientIsToldToAddTls(TlsSettings.Engine engine) throws IOException {
    try (BenchServer server = BenchServer.start(new BenchServer.Options(20, "memory", "127.0.0.1", 0, 0, 100_000, 0, 0,
        0, Duration.ZERO, engine))) {
      Path seed = dir.resolve("seed.json");
      server.seed().write(seed);
      assertThat(Path.of(server.seed().tlsCaFile())).exists();
      assertThat(server.describeTls()).startsWith(engine == TlsSettings.Engine.JDK ? "JDK" : "OpenSSL");

      Path conn = dir.resolve("connections.json");
      int connExit = run(seed, "connections", "--tls", "--count", "10", "--ramp", "100/s", "--hold", "500ms",
          "--out", conn.toString());
      JsonNode c = JSON.readTree(conn.toFile()).path("result");
      assertThat(connExit).isZero();
      assertThat(c.path("loggedIn").asInt()).isEqualTo(10);
      assertThat(c.path("connectedAfterHold").asInt()).isEqualTo(10);
      assertThat(c.path("clientTransport").asText()).endsWith("+TLS");

      Path lat = dir.resolve("latency.json");
      int latExit = run(seed, "latency", "--tls", "--pairs", "3", "--rate", "200/s", "--warmup", "0", "--duration",
          "1s", "--audit", "all", "--out", lat.toString());
      JsonNode l = JSON.readTree(lat.toFile()).path("result");
      assertThat(latExit).isZero();
      assertThat(l.path("traffic").path("counts").path("delivered").asLong()).isPositive()
          .isEqualTo(l.path("traffic").path("counts").path("sent").asLong());
      assertThat(l.path("lost").asLong()).isZero();
      assertThat(l.path("duplicated").asLong()).isZero();

      Path plain = dir.resolve("plain.json");
      int plainExit = run(seed, "connections", "--count", "2", "--hold", "0", "--out", plain.toString());
      assertThat(plainExit).isNotZero();
      assertThat(Files.exists(plain)).isFalse();
    }
  }

  private static int run(Path seed, String... args) {
    String[] withSeed = new String[args.length + 2];
    System.arraycopy(args, 0, withSeed, 0, args.length);
    withSeed[args.length] = "--seed";
    withSeed[args.length + 1] = seed.toString();
    return ParleyBench.commandLine().execute(withSeed);
  }
}
