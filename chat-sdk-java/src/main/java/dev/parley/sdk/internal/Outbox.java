package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.SendAck;
import dev.parley.core.protocol.ChatProtocol.SendMessageRequest;
import dev.parley.sdk.SendResult;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The session's unacknowledged sends, in the order they were made. A send stays here until its
 * SendAck arrives; when the connection drops first, it is sent again after the next login with
 * the same client_msg_id, so the server stores it once and answers the re-send with the original
 * ack. A send the node refuses, whose attempt times out on a live connection, or that finds no
 * connection within the send timeout, fails. Bounded:
 * when {@code capacity} sends are outstanding a new one fails at once with UNAVAILABLE.
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class Outbox {
  /** Hears about every acknowledged send, before its future completes. */
  interface AckSink {
    void acknowledged(SendAck ack, long peerId, String text);
  }

  private static final class PendingSend {
    final long peerId;
    final String text;
    final CompletableFuture<SendResult> result;
    boolean inFlight;
    ScheduledFuture<?> expiry;

    PendingSend(long peerId, String text, CompletableFuture<SendResult> result) {
      this.peerId = peerId;
      this.text = text;
      this.result = result;
    }
  }

  private final Map<String, PendingSend> sends = new LinkedHashMap<>();
  private final EventLoop loop;
  private final int capacity;
  private final Duration requestTimeout;
  private final Duration sendTimeout;
  private final AckSink ackSink;
  private ChatConnection connection;

  Outbox(EventLoop loop, int capacity, Duration requestTimeout, Duration sendTimeout, AckSink ackSink) {
    this.loop = loop;
    this.capacity = capacity;
    this.requestTimeout = requestTimeout;
    this.sendTimeout = sendTimeout;
    this.ackSink = ackSink;
  }

  int size() {
    return sends.size();
  }

  /**
   * Queues a send and transmits it at once when logged in. A {@code clientMsgId} that is already
   * outstanding returns that send's future (nothing is sent twice).
   */
  CompletableFuture<SendResult> submit(long peerId, String text, String clientMsgId, String state) {
    PendingSend existing = sends.get(clientMsgId);
    if (existing != null) {
      return existing.result;
    }
    if (sends.size() >= capacity) {
      return CompletableFuture.failedFuture(new ChatException(ErrorCode.UNAVAILABLE,
          "send queue is full: " + sends.size() + " of " + capacity + " sends await an ack (session " + state + ")"));
    }
    PendingSend send = new PendingSend(peerId, text, new CompletableFuture<>());
    sends.put(clientMsgId, send);
    send.expiry = loop.schedule(() -> expire(clientMsgId, send), sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (connection != null) {
      transmit(clientMsgId, send);
    }
    return send.result;
  }

  /** Logged in on {@code c}: transmit everything queued, oldest first. */
  void onLoggedIn(ChatConnection c) {
    connection = c;
    for (Map.Entry<String, PendingSend> e : new ArrayList<>(sends.entrySet())) {
      if (!e.getValue().inFlight) {
        transmit(e.getKey(), e.getValue());
      }
    }
  }

  /** The connection is gone: everything outstanding waits for the next login. */
  void onDisconnected() {
    connection = null;
    sends.values().forEach(s -> s.inFlight = false);
  }

  /** The session ended: fail everything outstanding with {@code cause}. */
  void failAll(ChatException cause) {
    connection = null;
    List<PendingSend> all = new ArrayList<>(sends.values());
    sends.clear();
    all.forEach(s -> {
      s.expiry.cancel(false);
      s.result.completeExceptionally(cause);
    });
  }

  /** A send still waiting for a connection after {@code sendTimeout} fails; one in flight has its own timeout. */
  private void expire(String clientMsgId, PendingSend send) {
    if (sends.get(clientMsgId) != send) {
      return;
    }
    if (send.inFlight) {
      // the attempt in flight has its own timeout; look again in case it ends with a lost connection
      send.expiry = loop.schedule(() -> expire(clientMsgId, send), requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      sends.remove(clientMsgId);
      send.result.completeExceptionally(new ChatException(ErrorCode.UNAVAILABLE, "message " + clientMsgId
          + " got no ack within " + sendTimeout.toMillis() + " ms for want of a connection; sending it again with"
          + " the same clientMsgId never stores it twice"));
    }
  }

  private void transmit(String clientMsgId, PendingSend send) {
    ChatConnection c = connection;
    send.inFlight = true;
    Frame.Builder frame = Frame.newBuilder().setSendMessage(SendMessageRequest.newBuilder()
        .setToUserId(send.peerId).setClientMsgId(clientMsgId).setText(send.text));
    c.request(frame, "send_message", requestTimeout).whenComplete((response, error) -> {
      if (sends.get(clientMsgId) != send) {
        return; // already settled (failAll)
      }
      if (error instanceof ConnectionLostException) {
        return; // stays queued; onDisconnected cleared inFlight, the next login re-sends it
      }
      sends.remove(clientMsgId);
      send.expiry.cancel(false);
      if (error != null) {
        send.result.completeExceptionally(error);
      } else if (!response.hasSendAck()) {
        send.result.completeExceptionally(UnexpectedResponse.of("send_message", response));
      } else {
        ackSink.acknowledged(response.getSendAck(), send.peerId, send.text);
        send.result.complete(ProtoMapping.sendResult(response.getSendAck()));
      }
    });
  }
}
