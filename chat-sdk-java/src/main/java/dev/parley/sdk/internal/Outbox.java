package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.GroupSendAck;
import dev.parley.core.protocol.ChatProtocol.SendAck;
import dev.parley.core.protocol.ChatProtocol.SendGroupMessageRequest;
import dev.parley.core.protocol.ChatProtocol.SendMessageRequest;
import dev.parley.sdk.GroupSendResult;
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
 * The session's unacknowledged sends, 1:1 and group alike, in the order they were made, transmitted through a window
 * so a burst neither floods the node's per-session work queue nor its rate limit: at most
 * {@link #MAX_WINDOW} in flight, dropping to one when the node turns a send away and growing by
 * one with each ack (additive increase, so a client held to the rate limit is refused only now
 * and then, never in the storms a node disconnects for).
 *
 * <p>A send stays here until its SendAck arrives. When the connection drops first it is sent again
 * after the next login with the same client_msg_id, so the server stores it once and answers the
 * re-send with the original ack. A send the node turned away unprocessed (RATE_LIMITED, or
 * UNAVAILABLE for a full work queue) waits, with transmission paused for the node's retry-after,
 * and goes again. A send the node refuses otherwise, whose attempt times out, or that cannot be
 * transmitted within the send timeout, fails. Bounded: with {@code capacity} sends outstanding a
 * new one fails at once with UNAVAILABLE.
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class Outbox {
  /** Most sends in flight on one connection at once. */
  static final int MAX_WINDOW = 16;
  private static final long MIN_PAUSE_MS = 20;
  private static final long BUSY_NODE_PAUSE_MS = 250;

  /** Hears about every acknowledged send, before its future completes. */
  interface AckSink {
    void acknowledged(SendAck ack, long peerId, String text);
  }

  /** Hears about every acknowledged group send, before its future completes. */
  interface GroupAckSink {
    void acknowledged(GroupSendAck ack, String text);
  }

  /** One send: to a peer ({@code groupId} 0, {@code result} set) or to a group ({@code groupResult} set). */
  private static final class PendingSend {
    final String key;
    final String clientMsgId;
    final long peerId;
    final long groupId;
    final String text;
    final CompletableFuture<SendResult> result;
    final CompletableFuture<GroupSendResult> groupResult;
    boolean inFlight;
    ScheduledFuture<?> expiry;

    PendingSend(String clientMsgId, long peerId, long groupId, String text) {
      this.key = key(groupId, clientMsgId);
      this.clientMsgId = clientMsgId;
      this.peerId = peerId;
      this.groupId = groupId;
      this.text = text;
      this.result = groupId == 0 ? new CompletableFuture<>() : null;
      this.groupResult = groupId == 0 ? null : new CompletableFuture<>();
    }

    Frame.Builder frame() {
      if (groupId == 0) {
        return Frame.newBuilder().setSendMessage(SendMessageRequest.newBuilder()
            .setToUserId(peerId).setClientMsgId(clientMsgId).setText(text));
      }
      return Frame.newBuilder().setSendGroupMessage(SendGroupMessageRequest.newBuilder()
          .setGroupId(groupId).setClientMsgId(clientMsgId).setText(text));
    }

    void fail(Throwable cause) {
      if (result != null) {
        result.completeExceptionally(cause);
      } else {
        groupResult.completeExceptionally(cause);
      }
    }

    /** The outbox key: 1:1 and group sends have separate client message id spaces. */
    static String key(long groupId, String clientMsgId) {
      return groupId == 0 ? clientMsgId : "g" + groupId + "/" + clientMsgId;
    }
  }

  private final Map<String, PendingSend> sends = new LinkedHashMap<>();
  private final EventLoop loop;
  private final int capacity;
  private final Duration requestTimeout;
  private final Duration sendTimeout;
  private final AckSink ackSink;
  private final GroupAckSink groupAckSink;
  private ChatConnection connection;
  private int inFlight;
  private int window = MAX_WINDOW;
  private boolean paused;

  Outbox(EventLoop loop, int capacity, Duration requestTimeout, Duration sendTimeout, AckSink ackSink) {
    this(loop, capacity, requestTimeout, sendTimeout, ackSink, (ack, text) -> { });
  }

  Outbox(EventLoop loop, int capacity, Duration requestTimeout, Duration sendTimeout, AckSink ackSink,
      GroupAckSink groupAckSink) {
    this.loop = loop;
    this.capacity = capacity;
    this.requestTimeout = requestTimeout;
    this.sendTimeout = sendTimeout;
    this.ackSink = ackSink;
    this.groupAckSink = groupAckSink;
  }

  /**
   * Queues a send and transmits it as soon as the window allows. A {@code clientMsgId} that is
   * already outstanding returns that send's future (nothing is sent twice).
   */
  CompletableFuture<SendResult> submit(long peerId, String text, String clientMsgId, String state) {
    PendingSend existing = sends.get(PendingSend.key(0, clientMsgId));
    if (existing != null) {
      return existing.result;
    }
    ChatException full = fullQueue(state);
    if (full != null) {
      return CompletableFuture.failedFuture(full);
    }
    return enqueue(new PendingSend(clientMsgId, peerId, 0, text)).result;
  }

  /**
   * Queues a send to group {@code groupId}, as {@link #submit} does for a peer: same window,
   * same re-send with the same {@code clientMsgId} after a reconnect (the server stores it once).
   */
  CompletableFuture<GroupSendResult> submitToGroup(long groupId, String text, String clientMsgId, String state) {
    if (groupId == 0) {
      return CompletableFuture.failedFuture(new ChatException(ErrorCode.BAD_REQUEST, "group id 0 names no group"));
    }
    PendingSend existing = sends.get(PendingSend.key(groupId, clientMsgId));
    if (existing != null) {
      return existing.groupResult;
    }
    ChatException full = fullQueue(state);
    if (full != null) {
      return CompletableFuture.failedFuture(full);
    }
    return enqueue(new PendingSend(clientMsgId, 0, groupId, text)).groupResult;
  }

  private ChatException fullQueue(String state) {
    if (sends.size() < capacity) {
      return null;
    }
    return new ChatException(ErrorCode.UNAVAILABLE,
        "send queue is full: " + sends.size() + " of " + capacity + " sends await an ack (session " + state + ")");
  }

  private PendingSend enqueue(PendingSend send) {
    sends.put(send.key, send);
    send.expiry = loop.schedule(() -> expire(send), sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    transmitQueued();
    return send;
  }

  /** Logged in on {@code c}: transmit what is queued, oldest first. */
  void onLoggedIn(ChatConnection c) {
    connection = c;
    inFlight = 0;
    transmitQueued();
  }

  /** The connection is gone: everything outstanding waits for the next login. */
  void onDisconnected() {
    connection = null;
    inFlight = 0;
    sends.values().forEach(s -> s.inFlight = false);
  }

  /** The session ended: fail everything outstanding with {@code cause}. */
  void failAll(ChatException cause) {
    connection = null;
    List<PendingSend> all = new ArrayList<>(sends.values());
    sends.clear();
    all.forEach(s -> {
      s.expiry.cancel(false);
      s.fail(cause);
    });
  }

  private void transmitQueued() {
    if (connection == null || paused) {
      return;
    }
    for (PendingSend send : sends.values()) {
      if (inFlight >= window) {
        return;
      }
      if (!send.inFlight) {
        transmit(send);
      }
    }
  }

  private void transmit(PendingSend send) {
    ChatConnection c = connection;
    send.inFlight = true;
    inFlight++;
    String kind = send.groupId == 0 ? "send_message" : "send_group_message";
    c.request(send.frame(), kind, requestTimeout).whenComplete((response, error) -> {
      if (sends.get(send.key) != send || error instanceof ConnectionLostException) {
        return; // settled already, or queued again by onDisconnected for the next login
      }
      inFlight--;
      if (turnedAway(error)) {
        send.inFlight = false;
        window = 1;
        pauseFor((ChatException) error);
      } else {
        window = Math.min(MAX_WINDOW, window + 1);
        settle(send, response, error);
      }
      transmitQueued();
    });
  }

  private void settle(PendingSend send, Frame response, Throwable error) {
    sends.remove(send.key);
    send.expiry.cancel(false);
    if (error != null) {
      send.fail(error);
    } else if (send.groupId != 0) {
      if (!response.hasGroupSendAck()) {
        send.fail(UnexpectedResponse.of("send_group_message", response));
        return;
      }
      groupAckSink.acknowledged(response.getGroupSendAck(), send.text);
      send.groupResult.complete(GroupMapping.sendResult(response.getGroupSendAck()));
    } else if (!response.hasSendAck()) {
      send.fail(UnexpectedResponse.of("send_message", response));
    } else {
      ackSink.acknowledged(response.getSendAck(), send.peerId, send.text);
      send.result.complete(ProtoMapping.sendResult(response.getSendAck()));
    }
  }

  /** Refused before processing: nothing was stored, so the same send may simply go again. */
  private static boolean turnedAway(Throwable error) {
    return error instanceof ChatException ce && !(error instanceof RequestTimeoutException)
        && (ce.code() == ErrorCode.RATE_LIMITED || ce.code() == ErrorCode.UNAVAILABLE);
  }

  private void pauseFor(ChatException refusal) {
    if (paused) {
      return;
    }
    paused = true;
    long delayMs = refusal.code() == ErrorCode.RATE_LIMITED
        ? Math.max(refusal.retryAfter().toMillis(), MIN_PAUSE_MS) : BUSY_NODE_PAUSE_MS;
    loop.schedule(() -> {
      paused = false;
      transmitQueued();
    }, delayMs, TimeUnit.MILLISECONDS);
  }

  /** A send still untransmitted after {@code sendTimeout} fails; one in flight has its own timeout. */
  private void expire(PendingSend send) {
    if (sends.get(send.key) != send) {
      return;
    }
    if (send.inFlight) {
      // the attempt has its own timeout; look again in case it ends with a lost connection
      send.expiry = loop.schedule(() -> expire(send), requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    sends.remove(send.key);
    send.fail(new ChatException(ErrorCode.UNAVAILABLE, "message " + send.clientMsgId
        + " could not be sent within " + sendTimeout.toMillis() + " ms (no connection, or the node kept refusing);"
        + " sending it again with the same clientMsgId never stores it twice"));
  }
}
