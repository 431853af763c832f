package dev.parley.sdk.internal;

import dev.parley.core.model.Platform;
import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.ReconnectPolicy;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The client settings a session runs with, taken from the sealed {@code ParleyClient}. Immutable.
 *
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout how long each request waits for its response
 * @param heartbeatInterval how long the connection may be write-idle before a Ping
 * @param reconnectPolicy when to reconnect after a lost connection
 * @param callbackExecutor where listener callbacks and future continuations run
 * @param sendQueueCapacity most sends a session holds unacknowledged (queued or in flight)
 * @param sendTimeout how long a send may wait for a connection before it fails
 * @param maxFrameBytes largest frame accepted from a node
 * @param transport TCP or WebSocket
 * @param tls the client's TLS, used for nodes whose address says {@code tls}
 * @param device the device every login names
 */
public record SessionSettings(Duration connectTimeout, Duration requestTimeout, Duration heartbeatInterval,
    ReconnectPolicy reconnectPolicy, Executor callbackExecutor, int sendQueueCapacity, Duration sendTimeout, int maxFrameBytes,
    ChatTransport transport, ClientTls tls, DeviceSettings device, boolean readOnDelivery) {

  /** Settings that mark messages read as they are delivered (the default). */
  public SessionSettings(Duration connectTimeout, Duration requestTimeout, Duration heartbeatInterval,
      ReconnectPolicy reconnectPolicy, Executor callbackExecutor, int sendQueueCapacity, Duration sendTimeout,
      int maxFrameBytes, ChatTransport transport, ClientTls tls, DeviceSettings device) {
    this(connectTimeout, requestTimeout, heartbeatInterval, reconnectPolicy, callbackExecutor, sendQueueCapacity,
        sendTimeout, maxFrameBytes, transport, tls, device, true);
  }

  /**
   * The device a client's logins name. Immutable.
   *
   * @param deviceId a valid device id
   * @param platform never null
   * @param name the device's human name, "" for none
   */
  public record DeviceSettings(String deviceId, Platform platform, String name) {
    public DeviceSettings {
      DeviceIds.checked(deviceId);
      java.util.Objects.requireNonNull(platform, "platform");
      java.util.Objects.requireNonNull(name, "name");
    }

    /** A random device id on DESKTOP, for clients (tests) that name none. */
    public static DeviceSettings random() {
      return new DeviceSettings(DeviceIds.random(), Platform.DESKTOP, "");
    }
  }

  /** Settings with a random DESKTOP device. */
  public SessionSettings(Duration connectTimeout, Duration requestTimeout, Duration heartbeatInterval,
      ReconnectPolicy reconnectPolicy, Executor callbackExecutor, int sendQueueCapacity, Duration sendTimeout,
      int maxFrameBytes, ChatTransport transport, ClientTls tls) {
    this(connectTimeout, requestTimeout, heartbeatInterval, reconnectPolicy, callbackExecutor, sendQueueCapacity,
        sendTimeout, maxFrameBytes, transport, tls, DeviceSettings.random());
  }

  /** A dead connection is declared after this long without any frame from the node. */
  public Duration readIdleTimeout() {
    return heartbeatInterval.multipliedBy(3);
  }
}
