package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher's argument parsing and its ready message. */
class ParleyServerMainTest {
  @Test
  void helpReturnsNoBuilder() {
    assertThat(ParleyServerMain.parse(new String[] {"--help"})).isNull();
  }

  @Test
  void badArgumentsAreRefusedWithAReason() {
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--gate-port", "eighty"}))
        .hasMessageContaining("--gate-port must be a number");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--chat-port", "70000"}))
        .hasMessageContaining("0-65535");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--colour", "blue"}))
        .hasMessageContaining("unknown option: --colour");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--host"}))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--warm-up-ms", "-5"}))
        .hasMessageContaining("--warm-up-ms must not be negative");
  }

  /**
   * {@code --login-policy single}: a login on another platform replaces the first session (the
   * default, one per platform, would keep both); a bad value is refused with the accepted ones.
   */
  @Test
  void theLoginPolicyOptionIsTheDeployments() {
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--login-policy", "many"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one-per-platform");
    dev.parley.core.memory.InMemoryTokenStore tokens = new dev.parley.core.memory.InMemoryTokenStore();
    ParleyServer server = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0",
        "--login-policy", "single"}).tokenStore(tokens).build().start();
    try {
      long user = server.seedUsers(1, "lp" + System.nanoTime() % 100000, "correct horse 42").get(0);
      java.net.InetSocketAddress chat = server.chatAddress();
      dev.parley.server.testing.TestChatClient desk = dev.parley.server.testing.TestChatClient.connect("127.0.0.1", chat.getPort());
      dev.parley.server.testing.TestChatClient phone = dev.parley.server.testing.TestChatClient.connect("127.0.0.1", chat.getPort());
      try (desk; phone) {
        assertThat(desk.request(DeviceLogins.loginFrame(tokens.issue(user).token(), "desk", dev.parley.core.model.Platform.DESKTOP))
            .hasLoginResponse()).isTrue();
        assertThat(phone.request(DeviceLogins.loginFrame(tokens.issue(user).token(), "phone", dev.parley.core.model.Platform.MOBILE))
            .hasLoginResponse()).isTrue();
        assertThat(DeviceLogins.kicked(desk, java.time.Duration.ofSeconds(10)).getCode())
            .isEqualTo(dev.parley.core.protocol.ChatProtocol.KickReason.TOO_MANY_DEVICES);
      }
    } finally {
      server.stop();
    }
  }

  @Test
  void parsedOptionsStartAServerThatPrintsWhereItListens() {
    ParleyServer server = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0", "--host", "127.0.0.1"})
        .build().start();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ParleyServerMain.printReady(server, new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("gate: " + server.gateUrl())
          .contains("chat: 127.0.0.1:" + server.chatAddress().getPort());
    } finally {
      server.stop();
    }
  }

  @Test
  void aWebSocketPortIsServedAndPrintedByDefaultAndNotWithoutTheWebClient() throws Exception {
    ParleyServer server = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0", "--ws-port", "0",
        "--ws-origin", "https://chat.example"}).build().start();
    try {
      int ws = server.chatNode().webSocketPort();
      assertThat(ws).isPositive();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ParleyServerMain.printReady(server, new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("websocket: ws://127.0.0.1:" + ws + "/ws");
      // the upgrade from the allowed origin is accepted, another origin is not
      java.net.http.WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Origin", "https://chat.example")
          .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/ws"), new java.net.http.WebSocket.Listener() { })
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      socket.abort();
      assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "https://evil.example")
          .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/ws"), new java.net.http.WebSocket.Listener() { })
          .get(10, java.util.concurrent.TimeUnit.SECONDS)).hasStackTraceContaining("403");
    } finally {
      server.stop();
    }
    ParleyServerBuilder byDefault = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0"});
    assertThat(byDefault.build().node().configuredWebSocketPort()).isEqualTo(ParleyServerMain.DEFAULT_WS_PORT);
    ParleyServer plain = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0", "--no-web-client"})
        .build().start();
    try {
      assertThat(plain.chatNode().webSocketPort()).isZero();
      assertThat(plain.servesWebClient()).isFalse();
    } finally {
      plain.stop();
    }
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--no-web-client", "--ws-origin", "https://a.example"}))
        .hasMessageContaining("--ws-origin needs --ws-port");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--ws-port", "0", "--ws-origin", "not an origin"}))
        .hasMessageContaining("--ws-origin");
  }

  @Test
  void theGatesMetricsCarryTheJvmAndProcessMetersBesideParleysOwn() throws Exception {
    try (ProcessMeters meters = ProcessMeters.create()) {
      ParleyServer server = ParleyServerMain.start(
          ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0"}), meters);
      try {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(server.gateUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("process_cpu_usage")
            .contains("parley_connections");
      } finally {
        server.stop();
      }
    }
  }
}
