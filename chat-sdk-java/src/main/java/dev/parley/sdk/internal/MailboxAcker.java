package dev.parley.sdk.internal;

import dev.parley.core.protocol.ChatProtocol.AckRequest;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Tells the node how far the application has received the mailbox, batching: while one Ack is
 * in flight, later positions only raise the target, and one Ack for the highest goes out when it
 * returns. A failed Ack is tried again a second later; nothing is lost meanwhile. A position the
 * node already holds (from the login, or pushed when another device acknowledged) is not sent.
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class MailboxAcker {
  private static final long RETRY_DELAY_MS = 1000;

  private final Duration requestTimeout;
  private final LongConsumer onAcked;
  private final boolean readOnDelivery;
  private ChatConnection connection;
  private long delivered;
  /** What the application marked read (only without readOnDelivery); never beyond delivered. */
  private long markedRead;
  private long acked;
  private boolean inFlight;

  /** {@code onAcked} hears each position the node confirmed for an Ack of this device. */
  MailboxAcker(Duration requestTimeout, LongConsumer onAcked) {
    this(requestTimeout, onAcked, true);
  }

  /**
   * {@code readOnDelivery} false: only {@link #markRead} positions are acknowledged, never beyond
   * what was delivered.
   */
  MailboxAcker(Duration requestTimeout, LongConsumer onAcked, boolean readOnDelivery) {
    this.requestTimeout = requestTimeout;
    this.onAcked = onAcked;
    this.readOnDelivery = readOnDelivery;
  }

  MailboxAcker(Duration requestTimeout) {
    this(requestTimeout, seq -> { });
  }

  /** The application has read everything up to {@code seq} (capped at what it was delivered). */
  void markRead(long seq) {
    long capped = Math.min(seq, delivered);
    if (capped > markedRead) {
      markedRead = capped;
      flush();
    }
  }

  private long target() {
    return readOnDelivery ? delivered : markedRead;
  }

  /** The highest seq delivered to the application in this mailbox (0 for none). */
  long delivered() {
    return delivered;
  }

  /** The node holds {@code seq} as the read position already (another device acknowledged it). */
  void serverAcked(long seq) {
    acked = Math.max(acked, seq);
  }

  /** Logged in on {@code c}; {@code serverAcked} is the position the node already holds. */
  void onLoggedIn(ChatConnection c, long serverAcked) {
    connection = c;
    acked = serverAcked;
    inFlight = false;
    flush();
  }

  /** Forgets what was delivered: the mailbox was reset and its seqs start again at 1. */
  void reset() {
    delivered = 0;
    markedRead = 0;
  }

  void onDisconnected() {
    connection = null;
  }

  /** The application has received everything up to {@code seq}. */
  void delivered(long seq) {
    if (seq > delivered) {
      delivered = seq;
      flush();
    }
  }

  private void flush() {
    ChatConnection c = connection;
    long target = target();
    if (c == null || inFlight || target <= acked) {
      return;
    }
    inFlight = true;
    c.request(Frame.newBuilder().setAck(AckRequest.newBuilder().setUpToSeq(target)), "ack", requestTimeout)
        .whenComplete((response, error) -> {
          if (c != connection) {
            return;
          }
          inFlight = false;
          if (error == null) {
            acked = Math.max(acked, target);
            onAcked.accept(target);
            flush();
          } else if (!(error instanceof ConnectionLostException)) {
            c.eventLoop().schedule(this::flush, RETRY_DELAY_MS, TimeUnit.MILLISECONDS); // e.g. rate limited
          }
        });
  }
}
