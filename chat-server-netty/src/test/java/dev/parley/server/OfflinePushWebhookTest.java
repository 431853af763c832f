package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.push.WebhookPushSender;
import dev.parley.server.push.WebhookReceiver;
import dev.parley.server.push.WebhookSignature;
import dev.parley.server.testing.TestChatClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chat node with the shipped webhook, over real sockets and a real HTTP receiver: a message to
 * an offline user arrives at the receiver signed and with the push's fields; with the receiver
 * down, sends are acknowledged as promptly as ever while the webhook retries, and the dropped
 * pushes are counted in the node's registry.
 */
class OfflinePushWebhookTest {
  private static final byte[] SECRET = "host-app-webhook-secret-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final Duration WAIT = Duration.ofSeconds(15);

  private ChatCluster cluster;
  private WebhookReceiver receiver;
  private WebhookPushSender webhook;
  private TestUser ann;
  private TestUser bob;

  @BeforeEach
  void start() {
    cluster = new ChatCluster(new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
        new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
  }

  @AfterEach
  void stop() {
    cluster.close();
    if (webhook != null) {
      webhook.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private ChatNode node(URI url, int attempts) {
    webhook = WebhookPushSender.builder(url, SECRET).maxAttempts(attempts)
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).build();
    return cluster.startNode("node-1", ChatLimits.defaults().withMessagesPerSecond(1000),
        b -> b.offlinePush(webhook).pushPreview(PreviewMode.TEXT));
  }

  @Test
  void aMessageToAnOfflineUserReachesTheReceiverSigned() throws Exception {
    receiver = WebhookReceiver.answering(200);
    TestChatClient a = cluster.login(node(receiver.url(), 3), ann);

    Frame ack = a.request(Requests.send(bob.id(), "m1", "dinner at eight?"));
    assertThat(ack.hasSendAck()).isTrue();

    await().atMost(WAIT).until(() -> receiver.received().size() == 1);
    WebhookReceiver.Received r = receiver.received().get(0);
    assertThat(WebhookSignature.verify(SECRET, r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
        r.header(WebhookSignature.SIGNATURE_HEADER), WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("userId").asLong()).isEqualTo(bob.id());
    assertThat(body.get("senderName").asText()).isEqualTo(ann.name());
    assertThat(body.get("messageId").asLong()).isEqualTo(ack.getSendAck().getMessageId());
    assertThat(body.get("preview").asText()).isEqualTo("dinner at eight?");
    assertThat(body.get("unreadCount").asInt()).isEqualTo(1);
    await().atMost(WAIT).until(() -> meter("parley.webhook.deliveries") == 1);
  }

  @Test
  void withTheReceiverDownSendsAckPromptlyAndThePushesAreDroppedAndCounted() throws Exception {
    URI down;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/hook");
    }
    TestChatClient a = cluster.login(node(down, 4), ann);

    for (int i = 0; i < 20; i++) {
      long id = a.send(Requests.send(bob.id(), "m" + i, "message " + i));
      // Each push retries for at least 100 + 200 + 400 ms; an ack never waits for them.
      Frame ack = a.awaitResponse(id, Duration.ofSeconds(1));
      assertThat(ack).as("ack of send %d", i).isNotNull();
      assertThat(ack.hasSendAck()).isTrue();
    }

    await().atMost(WAIT).until(() -> meter("parley.webhook.failures") == 20);
    assertThat(meter("parley.webhook.deliveries")).isZero();
    assertThat(meter("parley.webhook.retries")).isEqualTo(60);
    assertThat(cluster.meters.find("parley.offline.push.sent").tag("node", "node-1").counter().count()).isEqualTo(20);
  }

  private double meter(String name) {
    return cluster.meters.find(name).functionCounters().stream().mapToDouble(c -> c.count()).sum();
  }
}
