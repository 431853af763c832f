package dev.parley.sdk.internal;

import dev.parley.core.protocol.ChatProtocol.AckRequest;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.time.Duration;

/**
 * Tells the node how far the application has received the mailbox, batching: while one Ack is
 * in flight, later positions only raise the target, and one Ack for the highest goes out when it
 * returns. Failures are harmless (the next Ack or login corrects the position).
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class MailboxAcker {
  private final Duration requestTimeout;
  private ChatConnection connection;
  private long delivered;
  private long acked;
  private boolean inFlight;

  MailboxAcker(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /** Logged in on {@code c}; {@code serverAcked} is the position the node already holds. */
  void onLoggedIn(ChatConnection c, long serverAcked) {
    connection = c;
    acked = serverAcked;
    inFlight = false;
    flush();
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
    if (c == null || inFlight || delivered <= acked) {
      return;
    }
    long target = delivered;
    inFlight = true;
    c.request(Frame.newBuilder().setAck(AckRequest.newBuilder().setUpToSeq(target)), "ack", requestTimeout)
        .whenComplete((response, error) -> {
          if (c != connection) {
            return;
          }
          inFlight = false;
          if (error == null) {
            acked = Math.max(acked, target);
            flush();
          }
        });
  }
}
