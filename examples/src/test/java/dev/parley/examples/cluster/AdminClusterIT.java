package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.model.KickReason;
import dev.parley.examples.cluster.SdkDriver.TestUser;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.testing.RecordingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The admin API of a split deployment, every role its own process ({@link LocalCluster}: MariaDB,
 * Redis, status, verify, a gate and two chat nodes): the gate holds no session, so a friendship,
 * a message and a disable it makes reach users on both nodes only through the nodes' gRPC Deliver
 * and Kick. The gate's audit lines (in its process log) carry no message text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminClusterIT {
  private static final Duration DELIVERY = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalCluster cluster;
  private SdkDriver sdk;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void start() throws Exception {
    cluster = LocalCluster.start();
    sdk = new SdkDriver(cluster);
  }

  @AfterAll
  void stop() {
    if (sdk != null) {
      sdk.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void friendshipsMessagesAndDisableCrossToBothNodes() throws Exception {
    TestUser alice = sdk.register("alice");
    TestUser bob = sdk.register("bob");
    RecordingListener aliceEvents = new RecordingListener();
    RecordingListener bobEvents = new RecordingListener();
    ChatSession a = sdk.open(sdk.client, alice, "chat-1", aliceEvents);
    ChatSession b = sdk.open(sdk.device("bob-laptop", dev.parley.core.model.Platform.DESKTOP), bob, "chat-2", bobEvents);

    JsonNode made = admin("PUT", "/api/v1/admin/friendships/" + alice.id() + "/" + bob.id(), null, 200);
    assertThat(made.get("created").asBoolean()).isTrue();
    await().atMost(DELIVERY).until(() -> aliceEvents.friendsAdded.stream().anyMatch(f -> f.userId() == bob.id()));
    await().atMost(DELIVERY).until(() -> bobEvents.friendsAdded.stream().anyMatch(f -> f.userId() == alice.id()));

    String text = "from the host " + UUID.randomUUID();
    admin("POST", "/api/v1/admin/messages", "{\"from\":\"system\",\"to\":" + bob.id() + ",\"text\":\"" + text
        + "\",\"clientMsgId\":\"it-1\"}", 201);
    await().atMost(DELIVERY).until(() -> bobEvents.messages.stream().anyMatch(m -> m.text().equals(text)));
    admin("POST", "/api/v1/admin/messages", "{\"from\":" + alice.id() + ",\"to\":" + bob.id() + ",\"text\":\"" + text
        + "!\",\"clientMsgId\":\"it-2\"}", 201);
    await().atMost(DELIVERY).until(() -> bobEvents.messages.stream().anyMatch(m -> m.text().equals(text + "!")));
    assertThat(bobEvents.messages).filteredOn(m -> m.text().startsWith(text)).hasSize(2);

    admin("POST", "/api/v1/admin/users/" + bob.id() + "/disable", null, 204);
    await().atMost(DELIVERY).until(() -> bobEvents.kickReasons.contains(KickReason.DISABLED.name()));
    assertThat(a.friends()).anySatisfy(f -> assertThat(f.userId()).isEqualTo(bob.id()));
    assertThat(b).isNotNull();

    String gateLog = Files.readString(cluster.logDir.resolve("gate.log"));
    assertThat(gateLog).contains("admin op=send-message who=cluster-it from=system to=" + bob.id())
        .contains("admin op=disable-user who=cluster-it user=" + bob.id()).doesNotContain(text)
        .doesNotContain(cluster.adminSecret);
  }

  private JsonNode admin(String method, String path, String body, int expectedStatus) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(cluster.adminUrl() + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + cluster.adminSecret)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }
}
