package dev.parley.sdk.internal;

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
 */
public record SessionSettings(Duration connectTimeout, Duration requestTimeout, Duration heartbeatInterval,
    ReconnectPolicy reconnectPolicy, Executor callbackExecutor, int sendQueueCapacity, Duration sendTimeout, int maxFrameBytes,
    ChatTransport transport, ClientTls tls) {

  /** A dead connection is declared after this long without any frame from the node. */
  public Duration readIdleTimeout() {
    return heartbeatInterval.multipliedBy(3);
  }
}
