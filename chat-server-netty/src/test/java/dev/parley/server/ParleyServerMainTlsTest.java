package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's TLS options: {@code --tls-self-signed} serves HTTPS that the printed curl line
 * reaches trusting the printed CA (with Java's HttpClient, and with curl itself where installed),
 * the environment fallbacks, and the refusal of plaintext on a non-loopback address.
 */
class ParleyServerMainTlsTest {
  private static final Pattern CURL = Pattern.compile("curl --cacert (\\S+) (https://\\S+)");

  @TempDir Path dir;

  @Test
  void aSelfSignedServerAnswersTheCurlLineItPrints() throws Exception {
    ParleyServerMain.Launch launch = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0",
        "--warm-up-ms", "0", "--tls-self-signed", "--tls-dir", dir.toString()}, Map.of());
    ParleyServer server = launch.builder().build().start();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      ParleyServerMain.printReady(server, print);
      ParleyServerMain.printTrust(server, launch.selfSignedCa(), print);
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("gate: https://").contains("(TLS)")
          .contains("bin/parley-cli --gate https://localhost:").contains("--ca-file " + launch.selfSignedCa());

      Matcher curl = CURL.matcher(printed);
      assertThat(curl.find()).as("a curl line in:\n%s", printed).isTrue();
      Path ca = Path.of(curl.group(1));
      URI healthz = URI.create(curl.group(2));
      HttpResponse<String> answer = HttpClient.newBuilder().sslContext(trusting(ca)).build()
          .send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.uri().getScheme()).isEqualTo("https");

      Path curlBinary = Path.of("/usr/bin/curl");
      if (Files.isExecutable(curlBinary)) {
        Process p = new ProcessBuilder(curlBinary.toString(), "-sS", "--fail", "--cacert", ca.toString(),
            healthz.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("curl said: %s", said).isZero();
      }
    } finally {
      server.stop();
    }
  }

  @Test
  void plaintextCurlDoesNotGetThroughTheTlsGate() throws Exception {
    ParleyServerMain.Launch launch = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0",
        "--warm-up-ms", "0", "--tls-self-signed", "--tls-dir", dir.toString()}, Map.of());
    ParleyServer server = launch.builder().build().start();
    try {
      URI plain = URI.create(server.gateUrl().replace("https://", "http://") + "/healthz");
      assertThatThrownBy(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
    } finally {
      server.stop();
    }
  }

  @Test
  void theTlsOptionsFallBackToTheirEnvironmentVariables() {
    ParleyServerMain.Launch launch = ParleyServerMain.parse(new String[] {"--gate-port", "0"},
        Map.of("PARLEY_TLS_SELF_SIGNED", "true", "PARLEY_TLS_DIR", dir.toString(), "PARLEY_TLS_ENGINE", "jdk"));

    assertThat(launch.selfSignedCa()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(dir.resolve("server-chain.pem")).isRegularFile();
    assertThat(dir.resolve("server-key.pem")).isRegularFile();
  }

  @Test
  void plaintextOnANonLoopbackAddressIsRefusedUnlessAskedFor() {
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--host", "0.0.0.0"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--host 0.0.0.0 is not a loopback address")
        .hasMessageContaining("--plaintext");

    assertThat(ParleyServerMain.parse(new String[] {"--host", "0.0.0.0", "--advertised-host", "10.0.0.5",
        "--plaintext"}, Map.of())).isNotNull();
    assertThat(ParleyServerMain.parse(new String[] {"--host", "0.0.0.0", "--advertised-host", "10.0.0.5"},
        Map.of("PARLEY_PLAINTEXT", "true"))).isNotNull();
    assertThat(ParleyServerMain.parse(new String[] {"--host", "127.0.0.1"}, Map.of())).isNotNull();
  }

  @Test
  void badTlsOptionsAreRefusedWithAReason() {
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--tls-cert", "a.pem"}, Map.of()))
        .hasMessageContaining("--tls-cert and --tls-key go together");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--tls-self-signed", "--tls-dir", dir.toString(),
        "--tls-engine", "rustls"}, Map.of()))
        .hasMessageContaining("--tls-engine must be one of [auto, openssl, jdk]");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--tls-cert", "missing.pem", "--tls-key", "k.pem"},
        Map.of())).hasMessageContaining("is not a readable file");
  }

  private static SSLContext trusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
