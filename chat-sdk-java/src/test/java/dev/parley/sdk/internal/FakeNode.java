package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatTransport;
import dev.parley.sdk.ReconnectPolicy;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A chat node as one {@link ChatConnection} sees it, on an {@link EmbeddedChannel}: the test reads
 * what the client sent and answers it by hand; time moves only through {@link #advance}. Each
 * {@link #connect} is a new connection of the same session, as after a reconnect.
 */
final class FakeNode {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  static final SessionSettings SETTINGS = new SessionSettings(Duration.ofSeconds(1), REQUEST_TIMEOUT,
      Duration.ofSeconds(30), ReconnectPolicy.defaults(), Runnable::run, 100, Duration.ofSeconds(30), 1 << 20,
      ChatTransport.TCP, new ClientTls(null, null, null, true));

  // The session's own loop (its outbox and sync schedule on it); each connection has its own
  // embedded loop, so the clock moves on both.
  private final EmbeddedChannel session = new EmbeddedChannel();
  private EmbeddedChannel channel;

  EventLoop loop() {
    return session.eventLoop();
  }

  /** A fresh connection (the previous one, if any, is closed first). */
  ChatConnection connect() {
    if (channel != null && channel.isOpen()) {
      disconnect();
    }
    ConnectionHandler handler = new ConnectionHandler();
    channel = new EmbeddedChannel(handler);
    return ChatConnection.over(channel, handler, new ChatAddress("127.0.0.1", 9000), SETTINGS,
        new ChatConnection.Events() {
          @Override
          public void onPush(ChatConnection connection, Frame frame) {}

          @Override
          public void onClosed(ChatConnection connection, ChatException cause) {}
        });
  }

  /** Drops the current connection, as a network failure would. */
  void disconnect() {
    channel.close();
    channel.runPendingTasks();
  }

  /** The next request the client sent, or null. */
  Frame nextRequest() {
    channel.runPendingTasks();
    return channel.readOutbound();
  }

  /** Reads the next request, checking its kind. */
  Frame expect(Frame.BodyCase kind) {
    Frame request = nextRequest();
    assertThat(request).as("a %s request", kind).isNotNull();
    assertThat(request.getBodyCase()).isEqualTo(kind);
    return request;
  }

  /** Answers {@code request} with {@code response}. */
  void answer(Frame request, Frame.Builder response) {
    channel.writeInbound(response.setRequestId(request.getRequestId()).build());
    channel.runPendingTasks();
  }

  /** Answers {@code request} with an Error frame. */
  void refuse(Frame request, ChatProtocol.ErrorCode code, int retryAfterMs) {
    answer(request, Frame.newBuilder().setError(ChatProtocol.Error.newBuilder().setCode(code)
        .setMessage("refused by the fake node").setRetryAfterMs(retryAfterMs)));
  }

  /** Moves the loop's clock on and runs what became due, on every connection so far. */
  void advance(Duration d) {
    for (EmbeddedChannel ch : new EmbeddedChannel[] {session, channel}) {
      if (ch == null) {
        continue; // never connected
      }
      ch.advanceTimeBy(d.toMillis(), TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      ch.runPendingTasks();
    }
  }
}
