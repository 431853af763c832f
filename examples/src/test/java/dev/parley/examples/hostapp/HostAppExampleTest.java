package dev.parley.examples.hostapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Smoke test: the host-app example runs end to end — JWT login of kim, the message to offline
 * lee — and the endpoint receives lee's verified push with kim as the sender and the text.
 */
class HostAppExampleTest {
  @Test
  void kimLogsInWithAJwtAndTheWebhookForOfflineLeeArrives() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String push = HostAppExample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(push).as("a verified webhook push").isNotNull();
    JsonNode body = new ObjectMapper().readTree(push);
    assertThat(body.get("type").asText()).isEqualTo("offline_push");
    assertThat(body.get("conversation").asText()).isEqualTo("direct");
    assertThat(body.get("senderName").asText()).isEqualTo("kim");
    assertThat(body.get("preview").asText()).isEqualTo("Lunch at noon?");
    assertThat(body.get("unreadCount").asInt()).isEqualTo(1);
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("kim is Parley user ").contains("webhook for lee: {");
    assertThat(body.get("userId").asLong()).isNotEqualTo(body.get("senderId").asLong());
    assertThat(out).contains("(user " + body.get("userId").asLong() + ")");
  }
}
