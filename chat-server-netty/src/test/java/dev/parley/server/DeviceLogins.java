package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.Platform;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.protocol.ChatProtocol.LoginRequest;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the multi-device tests share: tokens issued for a device (as the gate issues them), logins
 * that name a device id and platform, and collecting message pushes. Stateless.
 */
final class DeviceLogins {
  private DeviceLogins() {}

  /** A token for {@code user} issued for the device {@code deviceId} on {@code platform}. */
  static String token(ChatCluster cluster, TestUser user, String deviceId, Platform platform) {
    return cluster.tokens.issue(user.id(), new DeviceInfo(deviceId, platform, deviceId + " of " + user.name())).token();
  }

  /** A Login frame with {@code token}, {@code deviceId} ("" for none) and {@code platform} (null for none). */
  static Frame.Builder loginFrame(String token, String deviceId, Platform platform) {
    LoginRequest.Builder r = LoginRequest.newBuilder().setToken(token).setDeviceId(deviceId);
    if (platform != null) {
      r.setPlatform(ChatProtocol.Platform.valueOf(platform.name()));
    }
    return Frame.newBuilder().setLogin(r);
  }

  /** Connects to {@code node} and sends a Login naming the device; returns the answer and the client (closed with the cluster). */
  static Attempt attempt(ChatCluster cluster, ChatNode node, String token, String deviceId, Platform platform) {
    TestChatClient c = cluster.connect(node);
    return new Attempt(c, c.request(loginFrame(token, deviceId, platform)));
  }

  /** As {@link #attempt}, checking the login succeeded as {@code deviceId}. */
  static TestChatClient login(ChatCluster cluster, ChatNode node, String token, String deviceId, Platform platform) {
    Attempt a = attempt(cluster, node, token, deviceId, platform);
    assertThat(a.answer().hasLoginResponse()).as("login answer %s", a.answer()).isTrue();
    assertThat(a.answer().getLoginResponse().getDeviceId()).isEqualTo(deviceId);
    return a.client();
  }

  /** A device-bound token for {@code deviceId} and a login with it on {@code node}. */
  static TestChatClient loginDevice(ChatCluster cluster, ChatNode node, TestUser user, String deviceId, Platform platform) {
    return login(cluster, node, token(cluster, user, deviceId, platform), deviceId, platform);
  }

  /** A login's answer and its connection. */
  record Attempt(TestChatClient client, Frame answer) {}

  /** The error code of {@code f}, failing when it is not an Error. */
  static ChatProtocol.ErrorCode code(Frame f) {
    assertThat(f.hasError()).as("an Error, got %s", f).isTrue();
    return f.getError().getCode();
  }

  /** The Kicked push {@code c} received within {@code wait}, checking the connection then closed. */
  static ChatProtocol.Kicked kicked(TestChatClient c, Duration wait) {
    Frame f = c.awaitPush(BodyCase.KICKED, wait);
    assertThat(f).as("a Kicked push").isNotNull();
    assertThat(c.awaitClosed(wait)).as("connection closed after Kicked").isTrue();
    return f.getKicked();
  }

  /**
   * Takes {@code n} MessageEvent pushes from {@code c} in arrival order, each within {@code wait}
   * of the previous; fails with what arrived when fewer came.
   */
  static List<ChatProtocol.MailboxEntry> takeMessages(TestChatClient c, int n, Duration wait) {
    List<ChatProtocol.MailboxEntry> out = new ArrayList<>(n);
    while (out.size() < n) {
      Frame f = c.awaitPush(BodyCase.MESSAGE_EVENT, wait);
      assertThat(f).as("message event %d of %d (got %s)", out.size() + 1, n, out).isNotNull();
      out.add(f.getMessageEvent().getEntry());
    }
    return out;
  }

  /** The pushes of {@code type} {@code c} has received and nobody took. */
  static List<Frame> pending(TestChatClient c, BodyCase type) {
    return c.pushes().stream().filter(f -> f.getBodyCase() == type).toList();
  }
}
